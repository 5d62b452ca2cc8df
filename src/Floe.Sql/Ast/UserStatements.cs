using System.Globalization;
using System.Text;

namespace Floe.Sql.Ast;

/// <summary><c>TYPE = PERSON | SERVICE</c>: a service user cannot use a password.</summary>
public enum UserType
{
    Person,
    Service,
}

/// <summary>The properties of a user that <c>CREATE USER</c> sets and <c>ALTER USER ... UNSET</c> clears.</summary>
public enum UserProperty
{
    Password,
    Type,
    DefaultRole,
    RsaPublicKey,
    Disabled,
    Comment,
    Email,
}

/// <summary>The SQL spellings of <see cref="UserType"/> and <see cref="UserProperty"/>.</summary>
public static class UserKeywords
{
    internal static readonly KeywordMap<UserType> Types = new((UserType.Person, "PERSON"), (UserType.Service, "SERVICE"));

    /// <summary>The properties in the order of the grammar, which is the order <c>ToSql</c> prints them in.</summary>
    internal static readonly KeywordMap<UserProperty> Properties = new(
        (UserProperty.Password, "PASSWORD"),
        (UserProperty.Type, "TYPE"),
        (UserProperty.DefaultRole, "DEFAULT_ROLE"),
        (UserProperty.RsaPublicKey, "RSA_PUBLIC_KEY"),
        (UserProperty.Disabled, "DISABLED"),
        (UserProperty.Comment, "COMMENT"),
        (UserProperty.Email, "EMAIL"));

    /// <summary><c>PERSON</c> or <c>SERVICE</c>, as the <c>type</c> column shows it.</summary>
    public static string ToSql(this UserType type) => Types.ToSql(type);

    public static string ToSql(this UserProperty property) => Properties.ToSql(property);
}

/// <summary>
/// The properties given to <c>CREATE USER</c> or <c>ALTER USER ... SET</c>; null when not given:
/// <c>[PASSWORD = '&lt;pw&gt;'] [TYPE = PERSON | SERVICE] [DEFAULT_ROLE = &lt;role&gt;]
/// [RSA_PUBLIC_KEY = '&lt;pem body&gt;'] [DISABLED = TRUE | FALSE] [COMMENT = '&lt;c&gt;'] [EMAIL = '&lt;address&gt;']</c>.
/// <see cref="object.ToString"/> leaves the password out; <see cref="ToSql"/> does not.
/// </summary>
public sealed record UserProperties(
    string? Password = null,
    UserType? Type = null,
    Identifier? DefaultRole = null,
    string? RsaPublicKey = null,
    bool? Disabled = null,
    string? Comment = null,
    string? Email = null)
{
    public bool IsEmpty => this == new UserProperties();

    public string ToSql() => SqlText.Join(
        SqlText.Property("PASSWORD", Password),
        Type is { } type ? "TYPE = " + type.ToSql() : null,
        DefaultRole is { } role ? "DEFAULT_ROLE = " + role.ToSql() : null,
        SqlText.Property("RSA_PUBLIC_KEY", RsaPublicKey),
        Disabled is { } disabled ? "DISABLED = " + (disabled ? "TRUE" : "FALSE") : null,
        SqlText.Property("COMMENT", Comment),
        SqlText.Property("EMAIL", Email));

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Password = {(Password is null ? "" : "***")}, Type = {Type}, ");
        builder.Append(CultureInfo.InvariantCulture, $"DefaultRole = {DefaultRole}, RsaPublicKey = {RsaPublicKey}, ");
        builder.Append(CultureInfo.InvariantCulture, $"Disabled = {Disabled}, Comment = {Comment}");
        if (Email is not null)
        {
            builder.Append(CultureInfo.InvariantCulture, $", Email = {Email}");
        }

        return true;
    }
}

/// <summary><c>CREATE [OR REPLACE] USER [IF NOT EXISTS] &lt;name&gt; [&lt;properties&gt;]</c>.</summary>
public sealed record CreateUser(bool OrReplace, bool IfNotExists, Identifier Name, UserProperties Properties)
    : Statement
{
    public override string ToSql() =>
        SqlText.Join(SqlText.Create(OrReplace, ObjectKind.User, IfNotExists, Name.ToSql()), Properties.ToSql());
}

/// <summary><c>ALTER USER [IF EXISTS] &lt;name&gt; SET &lt;property&gt; = &lt;value&gt; [...]</c> (at least one property).</summary>
public sealed record AlterUserSet(bool IfExists, Identifier Name, UserProperties Properties) : Statement
{
    public override string ToSql() =>
        SqlText.Join("ALTER USER", SqlText.If(IfExists, "IF EXISTS"), Name.ToSql(), "SET", Properties.ToSql());
}

/// <summary>
/// <c>ALTER USER [IF EXISTS] &lt;name&gt; UNSET &lt;property&gt; [, ...]</c>; the properties are kept
/// in the order of the grammar, each once.
/// </summary>
public sealed record AlterUserUnset(bool IfExists, Identifier Name, ValueList<UserProperty> Properties) : Statement
{
    public override string ToSql() => SqlText.Join(
        "ALTER USER",
        SqlText.If(IfExists, "IF EXISTS"),
        Name.ToSql(),
        "UNSET",
        SqlText.List(Properties.Select(property => property.ToSql())));
}

/// <summary><c>DESCRIBE USER &lt;name&gt;</c> (also <c>DESC USER</c>).</summary>
public sealed record DescribeUser(Identifier Name) : Statement
{
    public override string ToSql() => "DESCRIBE USER " + Name.ToSql();
}

/// <summary>
/// <c>ALTER USER [&lt;name&gt;] ADD PROGRAMMATIC ACCESS TOKEN &lt;token&gt; [ROLE_RESTRICTION = '&lt;role&gt;']
/// [DAYS_TO_EXPIRY = &lt;n&gt;] [COMMENT = '&lt;c&gt;']</c> (also <c>ADD PAT</c>); without a user name,
/// the session's user. Answers <c>token_name</c> and <c>token_secret</c>, once.
/// </summary>
public sealed record AddProgrammaticAccessToken(
    Identifier? User,
    Identifier Token,
    string? RoleRestriction = null,
    int? DaysToExpiry = null,
    string? Comment = null) : Statement
{
    public override string ToSql() => SqlText.Join(
        "ALTER USER",
        User?.ToSql(),
        "ADD PROGRAMMATIC ACCESS TOKEN",
        Token.ToSql(),
        SqlText.Property("ROLE_RESTRICTION", RoleRestriction),
        DaysToExpiry is { } days ? "DAYS_TO_EXPIRY = " + days.ToString(CultureInfo.InvariantCulture) : null,
        SqlText.Property("COMMENT", Comment));
}

/// <summary><c>ALTER USER [&lt;name&gt;] REMOVE PROGRAMMATIC ACCESS TOKEN &lt;token&gt;</c> (also <c>REMOVE PAT</c>).</summary>
public sealed record RemoveProgrammaticAccessToken(Identifier? User, Identifier Token) : Statement
{
    public override string ToSql() =>
        SqlText.Join("ALTER USER", User?.ToSql(), "REMOVE PROGRAMMATIC ACCESS TOKEN", Token.ToSql());
}

/// <summary><c>SHOW USER PROGRAMMATIC ACCESS TOKENS [FOR USER &lt;name&gt;]</c> (also <c>SHOW USER PATS</c>).</summary>
public sealed record ShowProgrammaticAccessTokens(Identifier? User = null) : Statement
{
    public override string ToSql() =>
        SqlText.Join("SHOW USER PROGRAMMATIC ACCESS TOKENS", User is { } user ? "FOR USER " + user.ToSql() : null);
}
