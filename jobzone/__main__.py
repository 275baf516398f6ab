from jobzone.cli.main import main

main()
