namespace Floe.Core.Metadata.ControlPlane;

/// <summary>The kinds of object a privilege can be granted on.</summary>
public enum SecurableType
{
    Account,
    Database,
    Schema,
    ImageRepository,
    Role,
    User,
    AuthenticationPolicy,
}

/// <summary>
/// One object of an account: its type and its id (the account's own id for
/// <see cref="SecurableType.Account"/>). Ids are those of the records the store returns.
/// </summary>
public readonly record struct SecurableObject(SecurableType Type, long Id)
{
    public static SecurableObject Account(long accountId) => new(SecurableType.Account, accountId);

    public static SecurableObject Database(long databaseId) => new(SecurableType.Database, databaseId);

    public static SecurableObject Schema(long schemaId) => new(SecurableType.Schema, schemaId);

    public static SecurableObject ImageRepository(long repositoryId) => new(SecurableType.ImageRepository, repositoryId);

    public static SecurableObject Role(long roleId) => new(SecurableType.Role, roleId);

    public static SecurableObject User(long userId) => new(SecurableType.User, userId);

    public static SecurableObject AuthenticationPolicy(long policyId) => new(SecurableType.AuthenticationPolicy, policyId);
}

/// <summary>
/// The name of a granted-on object as its parts, unquoted: <c>Database</c> and <c>Schema</c> are set
/// for objects inside them (a schema has only <c>Database</c>). The SQL layer quotes the parts that
/// need it when it prints them.
/// </summary>
public sealed record ObjectName(string? Database, string? Schema, string Name)
{
    public override string ToString() => string.Join('.', new[] { Database, Schema, Name }.Where(part => part is not null));
}

/// <summary>The SQL spellings of <see cref="SecurableType"/>.</summary>
public static class SecurableTypes
{
    private static readonly SecurableType[] All = Enum.GetValues<SecurableType>();

    /// <summary>As written in statements and stored: <c>IMAGE REPOSITORY</c>, <c>AUTHENTICATION POLICY</c>.</summary>
    public static string ToSql(this SecurableType type) => type switch
    {
        SecurableType.Account => "ACCOUNT",
        SecurableType.Database => "DATABASE",
        SecurableType.Schema => "SCHEMA",
        SecurableType.ImageRepository => "IMAGE REPOSITORY",
        SecurableType.Role => "ROLE",
        SecurableType.User => "USER",
        SecurableType.AuthenticationPolicy => "AUTHENTICATION POLICY",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>As Snowflake prints it in the <c>granted_on</c> column of <c>SHOW GRANTS</c>: words joined by <c>_</c>.</summary>
    public static string ToGrantedOn(this SecurableType type) => type.ToSql().Replace(' ', '_');

    /// <summary>Parses the <see cref="ToSql"/> form (exact, upper case, single spaces).</summary>
    public static bool TryParse(string text, out SecurableType type)
    {
        foreach (SecurableType candidate in All)
        {
            if (candidate.ToSql() == text)
            {
                type = candidate;
                return true;
            }
        }

        type = default;
        return false;
    }

    public static SecurableType Parse(string text) =>
        TryParse(text, out SecurableType type) ? type : throw new FormatException($"'{text}' is not a securable object type.");
}
