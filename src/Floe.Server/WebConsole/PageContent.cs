using Floe.Core.Naming;
using Floe.Sql.Errors;
using Floe.Sql.Execution;

namespace Floe.Server.WebConsole;

/// <summary>A listing page's rows (one SQL result) or the error the engine answered instead.</summary>
internal sealed record Listing(SqlStatementResult? Result, SqlError? Error)
{
    public string Database { get; init; } = string.Empty;

    public string Schema { get; init; } = string.Empty;
}

/// <summary>The repository page: its images and tags, or why the user may not see them.</summary>
internal sealed record RepositoryContent(RepositoryKey Key, string Host, RepositoryListing? Listing, SqlError? Error)
{
    /// <summary><c>host/db/schema/repo</c>, as <c>docker push</c> takes it.</summary>
    public string RepositoryUrl => Host + "/" + Key.ToUrlPath();
}

/// <summary>The manifest page: one manifest of one image, or why it cannot be shown.</summary>
internal sealed record ManifestContent(RepositoryKey Key, string Host, string Image, ManifestView? Manifest, SqlError? Error)
{
    /// <summary>The pull command by digest, which names exactly this manifest.</summary>
    public string PullCommand => $"docker pull {Host}/{Key.ToUrlPath()}/{Image}@{Manifest?.Manifest.Digest}";
}

/// <summary>The worksheet: the statements as typed and, once run, what they answered.</summary>
internal sealed record WorksheetContent(string Statement, SqlBatchResult? Result);

/// <summary>One view of the administration page and the SQL statement that reads it.</summary>
internal sealed record AdminView(string Name, string Title, string Statement, string? Role)
{
    public static readonly IReadOnlyList<(string Name, string Title)> Views =
    [
        ("users", "Users"),
        ("roles", "Roles"),
        ("grants", "Grants"),
        ("logins", "Login history"),
        ("queries", "Query history"),
        ("registry", "Registry history"),
    ];

    /// <summary>The view named (users by default); grants are those of <paramref name="role"/>, else of the current role.</summary>
    public static AdminView Parse(string? name, string? role, string? currentRole) => name switch
    {
        "roles" => new("roles", "Roles", "SHOW ROLES", null),
        "grants" => Grants(string.IsNullOrEmpty(role) ? currentRole ?? "PUBLIC" : role),
        "logins" => new("logins", "Login history", "SELECT * FROM TABLE(INFORMATION_SCHEMA.LOGIN_HISTORY())", null),
        "queries" => new("queries", "Query history", "SELECT * FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY())", null),
        "registry" => new("registry", "Registry history", "SELECT * FROM TABLE(INFORMATION_SCHEMA.REGISTRY_HISTORY())", null),
        _ => new("users", "Users", "SHOW USERS", null),
    };

    private static AdminView Grants(string role) => new("grants", "Grants", "SHOW GRANTS TO ROLE " + ConsoleSql.Quote(role), role);
}

/// <summary>The administration page: the view chosen and its rows or error.</summary>
internal sealed record AdminContent(AdminView View, SqlStatementResult? Result, SqlError? Error);
