namespace Floe.Sql.Ast;

/// <summary>A way of signing in that an authentication policy may allow.</summary>
public enum AuthenticationMethod
{
    Password,
    KeyPair,
    ProgrammaticAccessToken,
    OAuth,
}

/// <summary>The SQL spelling of <see cref="AuthenticationMethod"/>.</summary>
public static class AuthenticationMethods
{
    internal static readonly KeywordMap<AuthenticationMethod> Names = new(
        (AuthenticationMethod.Password, "PASSWORD"),
        (AuthenticationMethod.KeyPair, "KEYPAIR"),
        (AuthenticationMethod.ProgrammaticAccessToken, "PROGRAMMATIC_ACCESS_TOKEN"),
        (AuthenticationMethod.OAuth, "OAUTH"));

    /// <summary><c>PASSWORD</c>, <c>KEYPAIR</c>, <c>PROGRAMMATIC_ACCESS_TOKEN</c> or <c>OAUTH</c>.</summary>
    public static string ToSql(this AuthenticationMethod method) => Names.ToSql(method);
}

/// <summary>
/// <c>CREATE [OR REPLACE] AUTHENTICATION POLICY [IF NOT EXISTS] &lt;name&gt;
/// [AUTHENTICATION_METHODS = ('&lt;method&gt;' [, ...])] [COMMENT = '&lt;c&gt;']</c>.
/// Without <see cref="Methods"/> the policy allows every method (Snowflake's default, <c>ALL</c>).
/// </summary>
public sealed record CreateAuthenticationPolicy(
    bool OrReplace,
    bool IfNotExists,
    ObjectName Name,
    ValueList<AuthenticationMethod>? Methods = null,
    string? Comment = null) : Statement
{
    public override string ToSql() => SqlText.Join(
        SqlText.Create(OrReplace, ObjectKind.AuthenticationPolicy, IfNotExists, Name.ToSql()),
        Methods is null
            ? null
            : "AUTHENTICATION_METHODS = (" + SqlText.List(Methods.Select(method => SqlText.Literal(method.ToSql()))) + ")",
        SqlText.Property("COMMENT", Comment));
}

/// <summary><c>ALTER ACCOUNT SET AUTHENTICATION POLICY &lt;name&gt;</c>.</summary>
public sealed record SetAccountAuthenticationPolicy(ObjectName Policy) : Statement
{
    public override string ToSql() => "ALTER ACCOUNT SET AUTHENTICATION POLICY " + Policy.ToSql();
}

/// <summary><c>ALTER ACCOUNT UNSET AUTHENTICATION POLICY</c>.</summary>
public sealed record UnsetAccountAuthenticationPolicy : Statement
{
    public override string ToSql() => "ALTER ACCOUNT UNSET AUTHENTICATION POLICY";
}

/// <summary><c>ALTER USER [IF EXISTS] &lt;user&gt; SET AUTHENTICATION POLICY &lt;name&gt;</c>.</summary>
public sealed record SetUserAuthenticationPolicy(bool IfExists, Identifier User, ObjectName Policy) : Statement
{
    public override string ToSql() => SqlText.Join(
        "ALTER USER", SqlText.If(IfExists, "IF EXISTS"), User.ToSql(), "SET AUTHENTICATION POLICY", Policy.ToSql());
}

/// <summary><c>ALTER USER [IF EXISTS] &lt;user&gt; UNSET AUTHENTICATION POLICY</c>.</summary>
public sealed record UnsetUserAuthenticationPolicy(bool IfExists, Identifier User) : Statement
{
    public override string ToSql() =>
        SqlText.Join("ALTER USER", SqlText.If(IfExists, "IF EXISTS"), User.ToSql(), "UNSET AUTHENTICATION POLICY");
}
