import sys

from askwhy.cli import main

sys.exit(main())
