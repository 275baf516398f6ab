from jobzone.cli.main import main

if __name__ == "__main__":  # a worker process (spawn) imports this module again: it must not run the CLI
    main()
