import CLI

await Healthcity.runFromCommandLine()
