"""The direction of a question about one column's relatives: "down" asks what the column
affects (children, descendants), "up" what affects it (parents, ancestors).

Each rule is a pattern whose first group is the column's ref; `{VERB}` stands for the
lexicon's causal verbs (relatives.py fills it in). "down" rules are tried first: "what does
X cause" before "cause X".
"""

from __future__ import annotations


# Direction of a one-node question: "down" asks what the node affects, "up" what affects it.
def _directed(direction: str, *patterns: str) -> list[tuple[str, str]]:
    return [(direction, p) for p in patterns]


DOWN_RULES = _directed(
    "down",
    # "@x is a direct cause of what?", "which variables have @x as a direct cause?", "@x → ?"
    r"@(\d+)\s+(?:is|are|was)\s+(?:an?\s+|the\s+)?(?:direct\s+|immediate\s+)?(?:cause|driver|determinant)s?"
    r"\s+of\s+(?:what|which)\b",
    r"\b(?:what|which)\s+(?:\w+\s+){0,2}?(?:is|are)\s+@(\d+)\s+(?:an?\s+|the\s+)?(?:direct\s+|immediate\s+)?"
    r"(?:cause|driver|determinant)s?\s+(?:of|for)\s*(?:[?.!]|$)",
    r"\b(?:what|which)\s+(?:\w+\s+){0,2}?(?:have|has|had)\s+@(\d+)\s+as\s+(?:an?\s+|the\s+|their\s+|its\s+)?"
    r"(?:direct\s+|immediate\s+)?(?:cause|driver|determinant)s?\b",
    r"@(\d+)\s*(?:->|→)\s*(?:\?|what\b|which\b)(?!\s*(?:->|→|<-|←))",
    r"\b(?:does|do|did|will|would|can|could|might)\s+@(\d+)\s+(?:\w+\s+){0,3}?"
    r"(?:{VERB}|effect)",
    r"\b(?:does|do|did)\s+@(\d+)\s+(?:\w+\s+)?(?:feed|point|flow|lead)\w*\s+(?:\w+\s+)?(?:in)?to\b",
    # "what does putting in @x ultimately change?": an action on @x, then what it changes
    r"\b(?:does|do|did|would|will|could)\s+\w+ing\s+(?:in\s+|up\s+|on\s+)?(?:an?\s+|the\s+)?@(\d+)"
    r"\s+(?:\w+\s+){0,2}?(?:{VERB}|effect)",
    r"\b(?:edges?|arrows?|links?)\s+(?:\w+\s+)?(?:out\s+of|from|leaving)\s+@(\d+)",
    r"\b(?:caused|driven|influenced|affected|impacted|determined|produced|changed|controlled)"
    r"\s*(?:,[^,@?]{0,30},\s*)?(?:directly\s+|mainly\s+)?by\s+@(\d+)",
    r"\b(?:effects?|consequences?|outcomes?|children|child|successors?|descendants?|results?|"
    r"downstream)\s*(?:,[^,@?]{0,30},\s*)?(?:nodes?\s+|variables?\s+)?(?:of|from)\s+@(\d+)"
    r"(?!\s+(?:on|upon)\b)",
    r"@(\d+)'?s?\s+(?:direct\s+)?(?:effects|children|consequences|descendants|outcomes)",
    r"@(\d+)\s+(?:\w+ly\s+)?(?:causes?|affects?|influences?|impacts?|drives?|determines?|"
    r"leads?\s+to|results?\s+in)\s*(?:what|which|[?.!]|$)",
    # "everything that @x ultimately affects", "the variables @x feeds into"
    r"\b(?:everything|anything|whatever|whichever|all|things?|variables?|columns?|factors?|nodes?|ones?)\s+"
    r"(?:that\s+|which\s+)?@(\d+)\s+(?:\w+ly\s+|(?:ends?|winds?)\s+up\s+|goe?s?\s+on\s+to\s+|can\s+|could\s+|"
    r"might\s+|will\s+|would\s+)?(?!(?:respond|react)\w*)(?:{VERB})",
    # "@x changes a lot of things downstream", "a change in @x ripples through to what?"
    r"@(\d+)\s+(?:\w+ly\s+)?(?:{VERB})\s+(?:a\s+lot\s+of\s+|lots\s+of\s+|many\s+|several\s+|other\s+|some\s+)"
    r"(?:other\s+)?(?:things|variables|columns|metrics|outcomes|stuff|factors)\b",
    r"\b(?:an?\s+|the\s+|any\s+)(?:change|shift|increase|decrease|rise|drop|jump|bump|tweak)\s+(?:in|to|of)\s+@(\d+)"
    r"(?!\s+(?:from|when|if|after|because|due)\b)",
    # an intervention on @x, then what changes: "if we changed @x, which variables would respond?"
    r"\b(?:if|when|once|after|suppose|imagine|say)\s+(?:that\s+)?(?:we|you|i|one|someone)\s+"
    r"(?:were\s+to\s+|could\s+)?"
    r"(?:change|changed|set|intervene\s+on|intervened\s+on|manipulate|manipulated|alter|altered|"
    r"shift|shifted|vary|varied|perturb|perturbed|nudge|nudged|{VERB})\s+(?:the\s+|an?\s+)?(?:\w+['’]s\s+)?@(\d+)",
    r"\b(?:if|when|once|after)\s+@(\d+)\s+(?:were\s+to\s+)?(?:\w+ly\s+)?(?:changed|changes|"
    r"change|moved|moves|shifted|shifts|varied|varies|went\s+up|goes\s+up|increased|increases|"
    r"decreased|decreases|rose|rises|fell|falls)\b",
    r"\b(?:if|when|once|after|had)\s+@(\d+)\s+(?:were|was|is|had\s+been|been)\s+(?:\w+\s+)?"
    r"(?:different|higher|lower|larger|smaller|greater|bigger|changed|increased|decreased)\b",
    r"\breachable\s+from\s+@(\d+)",
    r"\bcan\s+@(\d+)\s+(?:\w+ly\s+)?reach\b",
    # the column fronted, then a pronoun: "For @x, list what it affects", "@x: its direct effects?"
    r"@(\d+)\s*[,:][^?]{0,80}?\b(?:that|which|what|does|do|did|will|would|can)\s+it\s+"
    r"(?:\w+ly\s+)?(?!(?:respond|react)\w*)"
    r"(?:{VERB})",
    r"@(\d+)\s*[,:][^?]{0,80}?\bits\s+(?:\w+\s+)?(?:effects|children|consequences|descendants|"
    r"outcomes)\b",
    # "if someone comes in by @x, what all does that end up changing?"
    r"@(\d+)\b[^?@]{0,80}?\b(?:what|which)\s+(?:\w+\s+){0,2}?(?:does|do|did|will|would|could|might|can)\s+"
    r"(?:that|this|it)\s+(?:\w+ly\s+|(?:end|ends|wind|winds)\s+up\s+|go(?:es)?\s+on\s+to\s+)?"
    r"(?!(?:respond|react)\w*)(?:{VERB}|effect)",
)
UP_RULES = _directed(
    "up",
    r"(?:\?|\bwhat|\bwhich)\s*(?:->|→)\s*@(\d+)",
    r"\bbehind\s+@(\d+)",
    r"\b(?:influences|inputs|pressures)\s+(?:on|upon|into)\s+@(\d+)",  # "the influences on @y"
    r"\bby\s+(?:what|which\s+\w+|whom)\s+(?:is|are|was|were)\s+@(\d+)\s+(?:\w+ly\s+)?(?:caused|driven|"
    r"influenced|affected|impacted|determined|produced|shaped|explained|controlled)\b",
    r"@(\d+)\s*[,:][^?]{0,80}?\b(?:{VERB})\s+(?:it|them)\b",
    r"@(\d+)\s*[,:][^?]{0,80}?\bits\s+(?:\w+\s+)?(?:causes|parents|drivers|ancestors|determinants)\b",
    r"\bto\s+@(\d+)\s*,[^?]{0,80}?\b(?:leading|going|coming|pointing|feeding|flowing)\s+in\b",
    r"\b(?:has|have|having|had|exerts?|exerting)\s+(?:\w+\s+){0,3}?(?:effects?|impacts?|influences?|"
    r"bearing)\s+(?:on|upon)\s+@(\d+)",
    r"\b(?:feed|point|flow|lead)\w*\s*(?:\w+ly\s+|straight\s+|,[^,?@]{0,30},\s*|\s)(?:in)?to\s+(?:(?:whether|if)\s+"
    r"(?:\w+\s+){0,3}?|(?:[\w'’-]+\s+){1,5}?)?@(\d+)",
    # "the things that ultimately drive the guest @y", "whatever ends up deciding @y"
    r"\b(?:things?|factors?|variables?|columns?|everything|anything|whatever|stuff)\s+(?:that\s+|which\s+)?"
    r"(?:\w+ly\s+|(?:end|ends|wind|winds)\s+up\s+)?(?:{VERB})\s+(?:(?:the|a|an|our|their|its)\s+)?"
    r"(?:[\w'’-]+\s+){0,2}?@(\d+)",
    r"\b(?:edges?|arrows?|links?)\s+(?:\w+\s+){0,2}?(?:into|to|entering)\s+@(\d+)",
    r"\b(?:{VERB}|explains?|explaining)(?:\s*,\s*\w+ly\s*,)?\s+(?:the\s+)?(?:(?:level|value|amount|number)\s+of\s+|"
    r"how\s+(?:many|much|well|often)\s+|(?:whether|if)\s+(?:\w+\s+){0,3}?)?@(\d+)",
    r"\b(?:caus|driv|lead|push|make|makes|made|get|gets)\w*\s+(?:\w+\s+){0,2}?to\s+@(\d+)",
    r"\b(?:causes?|parents?|drivers?|determinants?|predecessors?|ancestors?|influences?|sources?"
    r"|reasons?|upstream)\s*(?:,[^,@?]{0,30},\s*)?(?:nodes?\s+|variables?\s+|factors?\s+)?"
    r"(?:of|for|behind|from)"
    r"\s+@(\d+)",
    r"@(\d+)\s+(?:is\s+|are\s+)?(?:\w+\s+)?(?:caused|driven|influenced|affected|impacted"
    r"|determined|produced|explained|controlled)\s+(?:directly\s+)?by\b",
    r"@(\d+)'?s?\s+(?:direct\s+)?(?:causes|parents|drivers|ancestors|determinants)",
    r"\b(?:does|do)\s+@(\d+)\s+(?:directly\s+)?depend\s+on",
    r"\b(?:variables|factors|columns|things)\s+(?:that\s+|which\s+)?@(\d+)\s+(?:directly\s+)?"
    r"depends?\s+(?:up)?on\b",
    r"@(\d+)\s+(?:is\s+|are\s+)?(?:\w+\s+)?reachable\s+from\b",
    r"\bcan\s+(?:\w+ly\s+)?reach\s+@(\d+)",
)
