from tradeoffs.cli import main

main()
