using System.CommandLine;
using System.Text.RegularExpressions;
using Floe.Cli.Client;
using Floe.Cli.Connections;
using Floe.Cli.Output;
using Floe.Sql.Errors;

namespace Floe.Cli.Commands;

/// <summary>
/// <c>floe spcs image-repository</c>: image repositories through SQL — create, drop, list,
/// list-images, list-tags, url. Names as in <see cref="RepositoryName"/>; a bad name is bad usage (exit 2).
/// </summary>
internal static partial class ImageRepositoryCommand
{
    public static Command Create(CliEnvironment environment)
    {
        Command command = new("image-repository", "Manage image repositories.");
        command.Subcommands.Add(CreateCommand(environment));
        command.Subcommands.Add(DropCommand(environment));
        command.Subcommands.Add(ListCommand(environment));
        command.Subcommands.Add(ListImagesCommand(environment));
        command.Subcommands.Add(ListTagsCommand(environment));
        command.Subcommands.Add(UrlCommand(environment));
        return command;
    }

    private static Argument<string> NameArgument() =>
        new("name") { Description = "Repository name: <name> (connection's database and schema), <schema>.<name> or <database>.<schema>.<name>." };

    private static Command CreateCommand(CliEnvironment environment)
    {
        Argument<string> name = NameArgument();
        Option<bool> replace = new("--replace") { Description = "Replace the repository if it exists (its images are dropped)." };
        Option<bool> ifNotExists = new("--if-not-exists") { Description = "Succeed without change if the repository exists." };
        Option<string> format = CommandFormat.CreateOption();
        Command command = new("create", "Create an image repository.") { name, replace, ifNotExists, format };
        ConnectionOptions connection = Connect(command);
        command.SetAction((result, cancellationToken) =>
        {
            if (result.GetValue(replace) && result.GetValue(ifNotExists))
            {
                return Usage(result, "give either --replace or --if-not-exists, not both");
            }
            string sql = (result.GetValue(replace) ? "CREATE OR REPLACE" : "CREATE")
                + " IMAGE REPOSITORY" + (result.GetValue(ifNotExists) ? " IF NOT EXISTS " : " ");
            return WithName(result, name, connection, environment, (repository, session, ct) =>
                StatusAsync(session, sql + repository.ToSql(), CommandFormat.Read(result, format), ct), cancellationToken);
        });
        return command;
    }

    private static Command DropCommand(CliEnvironment environment)
    {
        Argument<string> name = NameArgument();
        Option<string> format = CommandFormat.CreateOption();
        Command command = new("drop", "Drop an image repository and all its images.") { name, format };
        ConnectionOptions connection = Connect(command);
        command.SetAction((result, cancellationToken) =>
            WithName(result, name, connection, environment, (repository, session, ct) =>
                StatusAsync(session, "DROP IMAGE REPOSITORY " + repository.ToSql(), CommandFormat.Read(result, format), ct),
                cancellationToken));
        return command;
    }

    private static Command ListCommand(CliEnvironment environment)
    {
        Option<string?> like = new("--like") { Description = "Only names matching this SQL LIKE pattern (case-insensitive)." };
        Option<string?> inDatabase = new("--in-database") { Description = "List the repositories of this database." };
        Option<string?> inSchema = new("--in-schema") { Description = "List the repositories of this schema (with --in-database, or the connection's database)." };
        Option<string> format = CommandFormat.CreateOption();
        Command command = new("list", "List the image repositories the role may see.") { like, inDatabase, inSchema, format };
        ConnectionOptions connection = Connect(command);
        command.SetAction((result, cancellationToken) =>
        {
            string? database = result.GetValue(inDatabase);
            string? schema = result.GetValue(inSchema);
            string error = "";
            if ((database is not null && !RepositoryName.TryCheckIdentifier(database, "database name", database, out error))
                || (schema is not null && !RepositoryName.TryCheckIdentifier(schema, "schema name", schema, out error)))
            {
                return Usage(result, error);
            }
            string sql = "SHOW IMAGE REPOSITORIES"
                + (result.GetValue(like) is { } pattern ? " LIKE " + SqlLiteral.Quote(pattern) : "")
                + (schema is not null ? " IN SCHEMA " + (database is null ? "" : database + ".") + schema
                    : database is not null ? " IN DATABASE " + database : "");
            return ClientSession.RunAsync(result, connection, environment, (session, ct) =>
                ResultsAsync(session, sql, CommandFormat.Read(result, format), ct), cancellationToken);
        });
        return command;
    }

    private static Command ListImagesCommand(CliEnvironment environment)
    {
        Argument<string> name = NameArgument();
        Option<string?> like = new("--like") { Description = "Only image names matching this SQL LIKE pattern." };
        Option<string> format = CommandFormat.CreateOption();
        Command command = new("list-images", "List the images of a repository: one row per tag, and one per untagged manifest.") { name, like, format };
        ConnectionOptions connection = Connect(command);
        command.SetAction((result, cancellationToken) =>
            WithName(result, name, connection, environment, (repository, session, ct) =>
                ResultsAsync(session, ShowImages(repository, result.GetValue(like)), CommandFormat.Read(result, format), ct),
                cancellationToken));
        return command;
    }

    /// <summary>
    /// Tags through SQL (<c>SHOW IMAGES</c> has one row per tag) rather than the registry's tag list: one
    /// login, the same pull right, and no second token flow.
    /// </summary>
    private static Command ListTagsCommand(CliEnvironment environment)
    {
        Argument<string> name = NameArgument();
        Option<string> image = new("--image-name") { Description = "The image: its path below the repository (app, team/tool).", Required = true };
        Option<string> format = CommandFormat.CreateOption();
        Command command = new("list-tags", "List the tags of one image of a repository.") { name, image, format };
        ConnectionOptions connection = Connect(command);
        command.SetAction((result, cancellationToken) =>
        {
            string imageName = result.GetRequiredValue(image);
            if (!ImageName().IsMatch(imageName))
            {
                return Usage(result, $"invalid image name '{imageName}': lower-case OCI path components like app or team/tool");
            }
            return WithName(result, name, connection, environment, (repository, session, ct) =>
                ListTagsAsync(session, repository, imageName, CommandFormat.Read(result, format), ct), cancellationToken);
        });
        return command;
    }

    private static Command UrlCommand(CliEnvironment environment)
    {
        Argument<string> name = NameArgument();
        Command command = new("url", "Print the repository URL (<registry-host>/<db>/<schema>/<repository>).") { name };
        ConnectionOptions connection = Connect(command);
        command.SetAction((result, cancellationToken) =>
            WithName(result, name, connection, environment, UrlAsync, cancellationToken));
        return command;
    }

    private static async Task<int> StatusAsync(ClientSession session, string sql, OutputFormat format, CancellationToken cancellationToken)
    {
        ApiResult<IReadOnlyList<StatementResult>> outcome = await session.ExecuteAsync(sql, cancellationToken);
        if (!outcome.IsSuccess)
        {
            return session.Fail(outcome.Error);
        }
        CommandFormat.WriteStatus(session.Output, format, outcome.Value[^1]);
        return ExitCodes.Success;
    }

    private static async Task<int> ResultsAsync(ClientSession session, string sql, OutputFormat format, CancellationToken cancellationToken)
    {
        ApiResult<IReadOnlyList<StatementResult>> outcome = await session.ExecuteAsync(sql, cancellationToken);
        if (!outcome.IsSuccess)
        {
            return session.Fail(outcome.Error);
        }
        ResultWriter.Write(session.Output, format, outcome.Value);
        return ExitCodes.Success;
    }

    private static async Task<int> ListTagsAsync(
        ClientSession session, RepositoryName repository, string image, OutputFormat format, CancellationToken cancellationToken)
    {
        ApiResult<IReadOnlyList<StatementResult>> outcome = await session.ExecuteAsync(ShowImages(repository, image), cancellationToken);
        if (!outcome.IsSuccess)
        {
            return session.Fail(outcome.Error);
        }
        StatementResult images = outcome.Value[^1];
        int nameColumn = ColumnIndex(images, "image_name");
        int tagColumn = ColumnIndex(images, "tags");
        int digestColumn = ColumnIndex(images, "digest");
        if (nameColumn < 0 || tagColumn < 0 || digestColumn < 0)
        {
            return session.Fail("unexpected answer from Floe: SHOW IMAGES without image_name, tags or digest");
        }
        // LIKE's '_' matches any character: keep only the image asked for, and only tagged rows.
        IEnumerable<IReadOnlyList<string?>> rows = images.Rows
            .Where(row => row[nameColumn] == image && row[tagColumn] is { Length: > 0 })
            .Select(row => (IReadOnlyList<string?>)[row[tagColumn], row[digestColumn]]);
        ResultWriter.Write(session.Output, format, [CommandFormat.Table(["tag", "digest"], rows)]);
        return ExitCodes.Success;
    }

    private static async Task<int> UrlAsync(RepositoryName repository, ClientSession session, CancellationToken cancellationToken)
    {
        string scope = repository.Schema is null ? " IN SCHEMA" : " IN SCHEMA " + (repository.Database is null ? "" : repository.Database + ".") + repository.Schema;
        ApiResult<IReadOnlyList<StatementResult>> outcome = await session.ExecuteAsync(
            "SHOW IMAGE REPOSITORIES LIKE " + SqlLiteral.Quote(repository.Name) + scope, cancellationToken);
        if (!outcome.IsSuccess)
        {
            return session.Fail(outcome.Error);
        }
        StatementResult found = outcome.Value[^1];
        int nameColumn = ColumnIndex(found, "name");
        int urlColumn = ColumnIndex(found, "repository_url");
        string? url = nameColumn < 0 || urlColumn < 0 ? null
            : found.Rows.FirstOrDefault(row => row[nameColumn] == repository.Name)?[urlColumn];
        if (url is null)
        {
            SqlError missing = SqlErrors.NotFound("Image Repository", repository.ToSql());
            return session.Fail(ApiError.Sql(missing.Code, missing.SqlState, missing.Message));
        }
        session.Output.WriteLine(url);
        return ExitCodes.Success;
    }

    private static string ShowImages(RepositoryName repository, string? like) =>
        "SHOW IMAGES" + (like is null ? "" : " LIKE " + SqlLiteral.Quote(like)) + " IN IMAGE REPOSITORY " + repository.ToSql();

    private static int ColumnIndex(StatementResult result, string name)
    {
        for (int i = 0; i < result.Columns.Count; i++)
        {
            if (result.Columns[i].Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        return -1;
    }

    private static ConnectionOptions Connect(Command command)
    {
        ConnectionOptions connection = new();
        connection.AddTo(command);
        return connection;
    }

    private static Task<int> WithName(
        ParseResult result, Argument<string> nameArgument, ConnectionOptions connection, CliEnvironment environment,
        Func<RepositoryName, ClientSession, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        string text = result.GetRequiredValue(nameArgument);
        return RepositoryName.TryParse(text, out RepositoryName name, out string error)
            ? ClientSession.RunAsync(result, connection, environment, (session, ct) => body(name, session, ct), cancellationToken)
            : Usage(result, error);
    }

    private static Task<int> Usage(ParseResult result, string message)
    {
        result.InvocationConfiguration.Error.WriteLine(message);
        return Task.FromResult(ExitCodes.Usage);
    }

    /// <summary>OCI name components: lower-case alphanumerics joined by <c>.</c>, <c>_</c>, <c>__</c> or dashes; <c>/</c> between components.</summary>
    [GeneratedRegex(@"^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex ImageName();
}
