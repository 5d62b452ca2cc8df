using System.CommandLine;
using Floe.Cli.Commands;

RootCommand root = new("Floe: a self-hosted OCI container image registry with a Snowflake-style control plane.");
root.Subcommands.Add(ServeCommand.Create());
return await root.Parse(args).InvokeAsync();
