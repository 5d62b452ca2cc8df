using System.Globalization;
using Floe.Core.Blobs;
using Floe.Core.Content;
using Floe.Core.Metadata;
using Floe.Core.Naming;
using Floe.Sql.Errors;
using Floe.Sql.Execution;

namespace Floe.Server.WebConsole;

/// <summary>
/// What the browse pages show, read with the SQL statements a user would type (<c>SHOW DATABASES</c>,
/// <c>SHOW SCHEMAS</c>, <c>SHOW IMAGE REPOSITORIES</c>, <c>SHOW IMAGES</c>) so the SQL engine alone
/// decides what is visible. A manifest's content is read from the stores only after
/// <c>SHOW IMAGES</c> has succeeded for the user, that is once the engine has granted them READ on the
/// repository.
/// </summary>
internal sealed class ConsoleCatalog(ConsoleSql sql, IRepositoryStore repositories, IManifestStore manifests, IBlobReader blobs)
{
    /// <summary>Tags per page of a repository.</summary>
    public const int PageSize = 100;

    public Task<(SqlStatementResult? Result, SqlError? Error)> DatabasesAsync(ConsoleUser user, CancellationToken cancellationToken) =>
        sql.QueryAsync(user, "SHOW DATABASES", cancellationToken);

    public Task<(SqlStatementResult? Result, SqlError? Error)> SchemasAsync(ConsoleUser user, string database, CancellationToken cancellationToken) =>
        sql.QueryAsync(user, "SHOW SCHEMAS IN DATABASE " + ConsoleSql.Quote(database), cancellationToken);

    public Task<(SqlStatementResult? Result, SqlError? Error)> RepositoriesAsync(
        ConsoleUser user, string database, string schema, CancellationToken cancellationToken) =>
        sql.QueryAsync(user, $"SHOW IMAGE REPOSITORIES IN SCHEMA {ConsoleSql.Quote(database)}.{ConsoleSql.Quote(schema)}", cancellationToken);

    /// <summary>
    /// The repository's images and one page of the chosen image's tags (newest first), with each tag's
    /// size read from its manifest; the error of <c>SHOW IMAGES</c> when the user may not read the repository.
    /// </summary>
    public async Task<(RepositoryListing? Listing, SqlError? Error)> RepositoryAsync(
        ConsoleUser user, RepositoryKey key, string? image, int page, CancellationToken cancellationToken)
    {
        (IReadOnlyList<ImageRow>? rows, long repositoryId, SqlError? error) = await ImagesAsync(user, key, cancellationToken);
        if (error is not null)
        {
            return (null, error);
        }

        IReadOnlyList<ImageSummary> images =
        [
            .. rows!.GroupBy(row => row.Image, StringComparer.Ordinal)
                .OrderBy(group => group.Key, StringComparer.Ordinal)
                .Select(group => new ImageSummary(group.Key, group.Count(row => row.Tag.Length > 0), group.Max(row => row.CreatedOn))),
        ];
        string? chosen = image ?? images.FirstOrDefault()?.Name;
        List<ImageRow> tags =
        [
            .. rows!.Where(row => string.Equals(row.Image, chosen, StringComparison.Ordinal))
                .OrderByDescending(row => row.CreatedOn)
                .ThenBy(row => row.Tag, StringComparer.Ordinal),
        ];
        int pages = Math.Max(1, (tags.Count + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pages);
        List<TagRow> shown = [];
        foreach (ImageRow row in tags.Skip((page - 1) * PageSize).Take(PageSize))
        {
            StoredManifest? manifest = await manifests.FindManifestAsync(repositoryId, row.Image, row.Digest, cancellationToken);
            shown.Add(new TagRow(row, manifest is null ? null : ManifestView.Summarize(manifest)));
        }

        return (new RepositoryListing(key, images, chosen, shown, tags.Count, page, pages), null);
    }

    /// <summary>One manifest of the repository, with its config, platforms and referrers; <c>null</c> when it is not there.</summary>
    public async Task<(ManifestView? Manifest, SqlError? Error)> ManifestAsync(
        ConsoleUser user, RepositoryKey key, string image, string digest, CancellationToken cancellationToken)
    {
        (IReadOnlyList<ImageRow>? rows, long repositoryId, SqlError? error) = await ImagesAsync(user, key, cancellationToken);
        if (error is not null)
        {
            return (null, error);
        }

        if (!Digest.TryParse(digest, out Digest parsed))
        {
            return (null, null);
        }

        StoredManifest? manifest = await manifests.FindManifestAsync(repositoryId, image, parsed, cancellationToken);
        if (manifest is null)
        {
            return (null, null);
        }

        IReadOnlyList<Referrer> referrers = await manifests.ListReferrersAsync(repositoryId, image, parsed, null, cancellationToken);
        ManifestView view = ManifestView.Parse(manifest, referrers,
            [.. rows!.Where(row => row.Image == image && row.Digest == parsed && row.Tag.Length > 0).Select(row => row.Tag)]);
        if (view.ConfigDigest is { } config)
        {
            view = view.WithConfig(await ReadSmallBlobAsync(config, cancellationToken));
        }

        return (view, null);
    }

    /// <summary><c>SHOW IMAGES IN IMAGE REPOSITORY</c> as the user: the rows, and the repository's id once the engine allowed it.</summary>
    private async Task<(IReadOnlyList<ImageRow>? Rows, long RepositoryId, SqlError? Error)> ImagesAsync(
        ConsoleUser user, RepositoryKey key, CancellationToken cancellationToken)
    {
        string name = $"{ConsoleSql.Quote(key.Database)}.{ConsoleSql.Quote(key.Schema)}.{ConsoleSql.Quote(key.Repository)}";
        (SqlStatementResult? result, SqlError? error) = await sql.QueryAsync(user, "SHOW IMAGES IN IMAGE REPOSITORY " + name, cancellationToken);
        if (error is not null)
        {
            return (null, 0, error);
        }

        RepositoryRecord? repository = await repositories.FindRepositoryAsync(user.Account.Id, key, cancellationToken);
        if (repository is null)
        {
            return (null, 0, SqlErrors.NotFound("Image repository", key.ToString()));
        }

        ResultColumns columns = new(result!);
        List<ImageRow> rows = [];
        foreach (IReadOnlyList<string?> row in result!.Rows)
        {
            if (Digest.TryParse(columns.Get(row, "digest"), out Digest rowDigest))
            {
                rows.Add(new ImageRow(
                    columns.Get(row, "image_name") ?? string.Empty,
                    columns.Get(row, "tags") ?? string.Empty,
                    rowDigest,
                    DateTimeOffset.TryParse(columns.Get(row, "created_on"), CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset on) ? on : default));
            }
        }

        return (rows, repository.Id, null);
    }

    /// <summary>A config blob (at most 1 MiB) for display; <c>null</c> when it is missing or larger.</summary>
    private async Task<byte[]?> ReadSmallBlobAsync(Digest digest, CancellationToken cancellationToken)
    {
        const int limit = 1024 * 1024;
        await using Stream? stream = await blobs.OpenReadAsync(digest, cancellationToken);
        if (stream is null)
        {
            return null;
        }

        using MemoryStream buffer = new();
        byte[] chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}

/// <summary>One row of <c>SHOW IMAGES</c>: a tag (empty for an untagged manifest) and what it points at.</summary>
internal sealed record ImageRow(string Image, string Tag, Digest Digest, DateTimeOffset CreatedOn);

/// <summary>An image of a repository: its name, how many tags it has, when it was last pushed.</summary>
internal sealed record ImageSummary(string Name, int Tags, DateTimeOffset LastPushed);

/// <summary>A tag on the repository page, with its manifest's summary when the manifest could be read.</summary>
internal sealed record TagRow(ImageRow Row, ManifestSummary? Manifest);

/// <summary>The repository page: its images and one page of the chosen image's tags.</summary>
internal sealed record RepositoryListing(
    RepositoryKey Key, IReadOnlyList<ImageSummary> Images, string? Image, IReadOnlyList<TagRow> Tags, int TagCount, int Page, int Pages);

/// <summary>Finds a result's values by column name.</summary>
internal sealed class ResultColumns(SqlStatementResult result)
{
    private readonly Dictionary<string, int> _index = result.Columns
        .Select((column, index) => (column.Name, index))
        .ToDictionary(pair => pair.Name, pair => pair.index, StringComparer.OrdinalIgnoreCase);

    public string? Get(IReadOnlyList<string?> row, string column) =>
        _index.TryGetValue(column, out int index) && index < row.Count ? row[index] : null;
}
