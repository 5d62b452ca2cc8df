namespace Floe.Core.Naming;

/// <summary>
/// The three identifiers that name an image repository inside an account, in their stored
/// (upper-case) form: <c>DATABASE.SCHEMA.REPOSITORY</c>.
/// </summary>
public sealed record RepositoryKey(string Database, string Schema, string Repository)
{
    /// <summary>The path part of the repository URL: lower case, <c>$</c> as <c>%24</c>.</summary>
    public string ToUrlPath() =>
        UrlIdentifier.ToUrl(Database) + "/" + UrlIdentifier.ToUrl(Schema) + "/" + UrlIdentifier.ToUrl(Repository);

    public override string ToString() => Database + "." + Schema + "." + Repository;
}
