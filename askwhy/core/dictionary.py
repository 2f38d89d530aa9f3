"""The data dictionary: what each column means, other names for it, its type and role hints.

A dictionary comes from a file given with `--columns FILE` (or `columns=` in Python), or from
a sidecar beside the CSV: `data.columns.csv`, `.json`, `.yaml` or `.yml` for `data.csv`.
Formats:

- CSV: a header row with `name` and any of `description`, `aliases` (separated by `;` or
  `|`), `type`, `role` (several roles separated the same way), `levels` (an ordinal
  column's levels, lowest first, separated the same way).
- JSON / YAML: a list of objects that each have a `name`, or a mapping name -> object
  (a plain string stands for the description). Lists may also be `;`/`|`-separated strings.

Types: `id` and `time` (dates, timestamps) columns are left out of the analysis; a period
indicator that a design needs (difference in differences' "after") is `binary` or `ordinal`
with the role hint `time`. Role hints never change what is analysed.

Every problem is a DataError that says which file, which column and what to change.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from askwhy.core.names import normalize
from askwhy.errors import DataError, closest_names

ColumnType = Literal["continuous", "ordinal", "categorical", "binary", "id", "time"]
ColumnRole = Literal["treatment", "outcome", "instrument", "time", "group"]

COLUMN_TYPES: tuple[str, ...] = get_args(ColumnType)
COLUMN_ROLES: tuple[str, ...] = get_args(ColumnRole)
SIDECAR_SUFFIXES = (".columns.csv", ".columns.json", ".columns.yaml", ".columns.yml")
_LIST_SEPARATOR = re.compile(r"[;|]")


def _split(value: Any) -> Any:
    """A `;`- or `|`-separated string as a list; lists and other values unchanged."""
    if isinstance(value, str):
        return [part.strip() for part in _LIST_SEPARATOR.split(value) if part.strip()]
    return value


class ColumnEntry(BaseModel):
    """What the dictionary says about one column; every key is optional."""

    model_config = ConfigDict(extra="forbid")

    description: str = ""
    aliases: list[str] = []
    type: ColumnType | None = None
    role: list[ColumnRole] = []
    levels: list[str] = []  # an ordinal column's levels, lowest first

    @field_validator("description", mode="before")
    @classmethod
    def _description(cls, value: Any) -> Any:
        return "" if value is None else value

    @field_validator("aliases", "role", mode="before")
    @classmethod
    def _lists(cls, value: Any) -> Any:
        return [] if value is None else _split(value)

    @field_validator("levels", mode="before")
    @classmethod
    def _levels(cls, value: Any) -> Any:
        """A list or a separated string; numbers (levels 1, 2, 3 in YAML) as text."""
        value = [] if value is None else _split(value)
        if isinstance(value, list | tuple):
            return [f"{v:g}" if isinstance(v, int | float) else v for v in value]
        return value

    @field_validator("type", mode="before")
    @classmethod
    def _type(cls, value: Any) -> Any:
        if isinstance(value, str):
            return value.strip().lower() or None
        return value

    @field_validator("role", mode="after")
    @classmethod
    def _unique_roles(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))


ENTRY_KEYS: tuple[str, ...] = tuple(ColumnEntry.model_fields)


class DataDictionary(BaseModel):
    """Column name -> entry, plus where it came from (a file path, or "" for a mapping)."""

    model_config = ConfigDict(extra="forbid")

    columns: dict[str, ColumnEntry] = {}
    source: str = ""

    def entry(self, column: str) -> ColumnEntry | None:
        return self.columns.get(column)

    def declared(self, *types: str) -> list[str]:
        """Columns whose declared type is one of `types`, in dictionary order."""
        return [name for name, e in self.columns.items() if e.type in types]

    def check_columns(self, data_columns: Sequence[str], dataset: str = "the data") -> None:
        """Every entry must name a column of the data (a column without an entry is fine), and
        no alias may be the name of another column."""
        known = list(data_columns)
        for name in self.columns:
            if name in known:
                continue
            close = closest_names(name, known)
            hint = f" Did you mean: {', '.join(close)}?" if close else ""
            raise DataError(
                f"The data dictionary{self._where()} describes column '{name}', which is not in "
                f"{dataset}.{hint} Columns in the data: {', '.join(known)}. Rename or remove "
                "that entry."
            )
        by_name = {normalize(column): column for column in known}
        for name, entry in self.columns.items():
            for alias in entry.aliases:
                other = by_name.get(normalize(alias), name)
                if other != name:
                    raise DataError(
                        f"In the data dictionary{self._where()} the alias '{alias}' of '{name}' "
                        f"is the name of the column '{other}'. Remove that alias."
                    )

    def _where(self) -> str:
        return f" ({self.source})" if self.source else ""


def dictionary_for(
    data_path: str | Path | None, columns: str | Path | Mapping[str, Any] | DataDictionary | None
) -> DataDictionary | None:
    """The dictionary to use for a CSV: `columns` when given, else a sidecar file, else None."""
    if columns is not None:
        return load_dictionary(columns)
    if data_path is None:
        return None
    sidecar = find_sidecar(data_path)
    return load_dictionary(sidecar) if sidecar else None


def find_sidecar(data_path: str | Path) -> Path | None:
    """`data.columns.{csv,json,yaml,yml}` beside `data.csv`; an error if more than one."""
    path = Path(data_path)
    found = [
        candidate
        for suffix in SIDECAR_SUFFIXES
        if (candidate := path.with_name(path.stem + suffix)).is_file()
    ]
    if len(found) > 1:
        names = ", ".join(p.name for p in found)
        raise DataError(
            f"Several data dictionaries beside {path.name}: {names}. Keep one, or choose one "
            "with --columns FILE."
        )
    return found[0] if found else None


def load_dictionary(source: str | Path | Mapping[str, Any] | DataDictionary) -> DataDictionary:
    """Read a dictionary from a file (.csv, .json, .yaml, .yml) or a mapping name -> entry."""
    if isinstance(source, DataDictionary):
        return source
    if isinstance(source, Mapping):
        return _from_mapping(source, "")
    if not isinstance(source, str | Path):
        raise DataError(
            "A data dictionary is a file path or a mapping {column: {description, aliases, "
            f"type, role}}; got {type(source).__name__}."
        )
    path = Path(source)
    if not path.is_file():
        raise DataError(
            f"Data dictionary not found: {path}. Give a .csv, .json or .yaml file describing "
            "the columns."
        )
    suffix = path.suffix.lower()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise DataError(f"Could not read the data dictionary {path} ({err}).") from None
    if suffix == ".csv":
        return _from_rows(_csv_rows(text, path), str(path))
    if suffix == ".json":
        try:
            content = json.loads(text)
        except json.JSONDecodeError as err:
            raise DataError(
                f"The data dictionary {path} is not valid JSON (line {err.lineno}: {err.msg})."
            ) from None
    elif suffix in (".yaml", ".yml"):
        content = _yaml(text, path)
    else:
        raise DataError(
            f"Cannot read a data dictionary from '{path.name}': use a .csv, .json, .yaml or "
            ".yml file."
        )
    if isinstance(content, list):
        return _from_rows(content, str(path))
    if isinstance(content, Mapping):
        return _from_mapping(content, str(path))
    raise DataError(
        f"The data dictionary {path} must hold a list of column entries (each with a 'name') "
        "or a mapping from column name to entry."
    )


def _yaml(text: str, path: Path) -> Any:
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise DataError(f"The data dictionary {path} is not valid YAML{where}.") from None


def _csv_rows(text: str, path: Path) -> list[dict[str, Any]]:
    reader = csv.DictReader(text.splitlines())
    headers = [h.strip().lower() for h in reader.fieldnames or []]
    if "name" not in headers:
        raise DataError(
            f"The data dictionary {path} needs a header row with a 'name' column; allowed "
            f"columns: name, {', '.join(ENTRY_KEYS)}."
        )
    rows = []
    for row in reader:
        if row.get(None):  # type: ignore[call-overload]
            raise DataError(
                f"Line {reader.line_num} of the data dictionary {path} has more fields than the "
                "header. Quote values that contain commas."
            )
        cleaned = {key.strip().lower(): (value or "").strip() for key, value in row.items()}
        if not any(cleaned.values()):
            continue  # a blank line
        rows.append({key: value for key, value in cleaned.items() if value or key == "name"})
    return rows


def _from_rows(rows: Sequence[Any], source: str) -> DataDictionary:
    columns: dict[str, Any] = {}
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping):
            raise DataError(
                f"Entry {number} of the data dictionary {source} is not an object. Give each "
                "column as {name: ..., description: ..., aliases: [...], type: ..., role: ...}."
            )
        fields = dict(row)
        name = fields.pop("name", None)
        if name is None or not str(name).strip():
            raise DataError(
                f"Entry {number} of the data dictionary {source} has no 'name'. Give the column "
                "name it describes."
            )
        name = str(name).strip()
        if name in columns:
            raise DataError(
                f"The data dictionary {source} describes column '{name}' twice. Merge the entries."
            )
        columns[name] = fields
    return _from_mapping(columns, source)


def _from_mapping(entries: Mapping[Any, Any], source: str) -> DataDictionary:
    where = f" {source}" if source else ""
    columns: dict[str, ColumnEntry] = {}
    for raw_name, fields in entries.items():
        name = str(raw_name).strip()
        if fields is None:
            fields = {}
        elif isinstance(fields, str):
            fields = {"description": fields}
        if not isinstance(fields, Mapping):
            raise DataError(
                f"The data dictionary{where} entry for '{name}' must be an object with keys "
                f"{', '.join(ENTRY_KEYS)}."
            )
        columns[name] = _entry(name, fields, where)
    dictionary = DataDictionary(columns=columns, source=source)
    _check_aliases(dictionary, where)
    return dictionary


def _entry(name: str, fields: Mapping[Any, Any], where: str) -> ColumnEntry:
    unknown = [str(key) for key in fields if str(key) not in ENTRY_KEYS]
    if unknown:
        key = unknown[0]
        close = closest_names(key, list(ENTRY_KEYS), n=1)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        raise DataError(
            f"Unknown key '{key}' for column '{name}' in the data dictionary{where}.{hint} "
            f"Valid keys: {', '.join(ENTRY_KEYS)}."
        )
    try:
        return ColumnEntry.model_validate(dict(fields))
    except ValidationError as err:
        raise DataError(_problem(name, err, where)) from None


def _problem(name: str, err: ValidationError, where: str) -> str:
    first = err.errors()[0]
    key = str(first["loc"][0]) if first["loc"] else "entry"
    value = first.get("input")
    if key == "type":
        return (
            f"Column '{name}' in the data dictionary{where} has type {value!r}; the type must be "
            f"one of {', '.join(COLUMN_TYPES)}."
        )
    if key == "role":
        return (
            f"Column '{name}' in the data dictionary{where} has role {value!r}; roles must be "
            f"among {', '.join(COLUMN_ROLES)}."
        )
    if key == "aliases":
        return (
            f"Column '{name}' in the data dictionary{where}: aliases must be a list of names "
            "(or one string separated by ';' or '|')."
        )
    return f"Column '{name}' in the data dictionary{where}: {key}: {first['msg']}."


def _check_aliases(dictionary: DataDictionary, where: str) -> None:
    """An alias may stand for one column only, and never be another column's name."""
    owner: dict[str, str] = {normalize(name): name for name in dictionary.columns}
    for name, entry in dictionary.columns.items():
        for alias in entry.aliases:
            key = normalize(alias)
            other = owner.setdefault(key, name)
            if other != name:
                raise DataError(
                    f"In the data dictionary{where} the alias '{alias}' of '{name}' also names "
                    f"'{other}'. Give each alias to one column only."
                )
