import sys

from askwhy.cli.main import main

sys.exit(main())
