from connector.cli.main import main

main()
