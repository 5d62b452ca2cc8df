using Floe.Cli;

// The command tree (serve, sql) is built in FloeCommandLine.CreateRoot so the tests invoke the same one.
return await FloeCommandLine.InvokeAsync(args, CliEnvironment.FromProcess());
