"""`python -m xlplan`: the same as the `xlplan` command."""

from .cli import main

main()
