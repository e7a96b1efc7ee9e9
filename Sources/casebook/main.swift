import CasebookCLI

await CasebookCommand.run()
