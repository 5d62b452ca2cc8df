using Floe.Core.Metadata.ControlPlane;

namespace Floe.Sql.Ast;

/// <summary>The kinds of object that statements name.</summary>
public enum ObjectKind
{
    Account,
    Database,
    Schema,
    ImageRepository,
    User,
    Role,
    AuthenticationPolicy,
}

/// <summary>What the SQL surface says about each <see cref="ObjectKind"/>.</summary>
public static class ObjectKinds
{
    internal static readonly KeywordMap<ObjectKind> Singular = new(
        (ObjectKind.Account, "ACCOUNT"),
        (ObjectKind.Database, "DATABASE"),
        (ObjectKind.Schema, "SCHEMA"),
        (ObjectKind.ImageRepository, "IMAGE REPOSITORY"),
        (ObjectKind.User, "USER"),
        (ObjectKind.Role, "ROLE"),
        (ObjectKind.AuthenticationPolicy, "AUTHENTICATION POLICY"));

    internal static readonly KeywordMap<ObjectKind> Plural = new(
        (ObjectKind.Account, "ACCOUNTS"),
        (ObjectKind.Database, "DATABASES"),
        (ObjectKind.Schema, "SCHEMAS"),
        (ObjectKind.ImageRepository, "IMAGE REPOSITORIES"),
        (ObjectKind.User, "USERS"),
        (ObjectKind.Role, "ROLES"),
        (ObjectKind.AuthenticationPolicy, "AUTHENTICATION POLICIES"));

    /// <summary>The keywords that name the kind in a statement: <c>IMAGE REPOSITORY</c>.</summary>
    public static string ToSql(this ObjectKind kind) => Singular.ToSql(kind);

    /// <summary>The keywords of the kind in <c>SHOW</c>: <c>IMAGE REPOSITORIES</c>.</summary>
    public static string ToPluralSql(this ObjectKind kind) => Plural.ToSql(kind);

    /// <summary>The control plane's name for the kind, which its privilege table is keyed by.</summary>
    public static SecurableType ToSecurableType(this ObjectKind kind) => kind switch
    {
        ObjectKind.Account => SecurableType.Account,
        ObjectKind.Database => SecurableType.Database,
        ObjectKind.Schema => SecurableType.Schema,
        ObjectKind.ImageRepository => SecurableType.ImageRepository,
        ObjectKind.User => SecurableType.User,
        ObjectKind.Role => SecurableType.Role,
        ObjectKind.AuthenticationPolicy => SecurableType.AuthenticationPolicy,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The kind in messages: <c>Image Repository TUTORIAL_REPO successfully created.</c></summary>
    public static string DisplayName(this ObjectKind kind) => kind switch
    {
        ObjectKind.ImageRepository => "Image Repository",
        ObjectKind.AuthenticationPolicy => "Authentication Policy",
        _ => kind.ToString(),
    };

    /// <summary>The kind in Snowflake's <c>invalid property 'X' for 'IMAGE_REPOSITORY'</c>.</summary>
    public static string PropertyOwnerName(this ObjectKind kind) => kind.ToSql().Replace(' ', '_');

    /// <summary>
    /// How many parts a name of this kind may have: accounts, databases, users and roles have one,
    /// a schema is in a database, repositories and policies are in a schema.
    /// </summary>
    public static int MaxNameParts(this ObjectKind kind) => kind switch
    {
        ObjectKind.Schema => 2,
        ObjectKind.ImageRepository or ObjectKind.AuthenticationPolicy => 3,
        _ => 1,
    };
}
