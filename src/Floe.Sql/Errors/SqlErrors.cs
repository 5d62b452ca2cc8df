using System.Globalization;

namespace Floe.Sql.Errors;

/// <summary>
/// An expected failure of a SQL statement, as the SQL API reports it: Snowflake's error code,
/// SQLSTATE and message.
/// </summary>
public sealed record SqlError(string Code, string SqlState, string Message)
{
    public override string ToString() => Code + " (" + SqlState + "): " + Message;
}

/// <summary>A row of the error table: the code, the SQLSTATE and how every message of that row starts.</summary>
public sealed record SqlErrorCode(string Code, string SqlState, string MessagePrefix)
{
    /// <summary>An error of this row; <paramref name="detail"/> is what follows the prefix.</summary>
    public SqlError WithDetail(string detail) => new(Code, SqlState, MessagePrefix + detail);
}

/// <summary>
/// The SQL error table and the messages built on it. Codes and wording are
/// Snowflake's where Snowflake's are known; the choices Floe made are in <c>docs/sql-dialect.md</c>.
/// The parser raises <see cref="Syntax"/>, <see cref="InvalidProperty"/> and <see cref="InvalidValue"/>;
/// the executor raises the others.
/// </summary>
public static class SqlErrors
{
    private const string Compilation = "SQL compilation error:\n";

    private const string QuotedReason =
        "an image repository, and the database and schema that hold it, must have unquoted names";

    /// <summary><c>syntax error line &lt;l&gt; at position &lt;p&gt; unexpected '&lt;token&gt;'.</c></summary>
    public static readonly SqlErrorCode Syntax = new("001003", "42000", Compilation + "syntax error line ");

    /// <summary>The object is missing, or the caller may not see it (the two are not told apart).</summary>
    public static readonly SqlErrorCode ObjectNotFound = new("002003", "02000", Compilation);

    public static readonly SqlErrorCode AlreadyExists = new("002002", "42710", Compilation + "Object '");

    public static readonly SqlErrorCode InsufficientPrivileges =
        new("003001", "42501", "SQL access control error:\nInsufficient privileges to operate on ");

    /// <summary>
    /// An option the statement does not take (Snowflake's <c>invalid property</c>), a repeated or
    /// missing one, and a quoted name where only unquoted identifiers are supported.
    /// </summary>
    public static readonly SqlErrorCode InvalidProperty = new("001420", "22023", Compilation);

    /// <summary>A known option with a value it cannot take (Snowflake's <c>invalid value</c>).</summary>
    public static readonly SqlErrorCode InvalidValue = new("001422", "22023", Compilation + "invalid value ");

    /// <summary>
    /// An operation the object's state forbids: dropping a non-empty schema with <c>RESTRICT</c>, an object
    /// holding a policy still in use, the organization's account, the current user or role, a system role;
    /// a role cycle; GRANT OWNERSHIP over dependent grants (Snowflake's code for "operation cannot be
    /// performed"; the wording after the prefix is Snowflake's where known, otherwise Floe's).
    /// </summary>
    public static readonly SqlErrorCode CannotPerform = new("002043", "22023", Compilation);

    /// <summary>
    /// The server could not run the statement: Snowflake's internal-error code. The SQLSTATE tells the
    /// cause: <c>53100</c> storage full, <c>58030</c> storage unreachable, <c>XX000</c> anything else.
    /// </summary>
    public static readonly SqlErrorCode Internal = new("000603", "XX000", "SQL execution internal error:\n");

    /// <summary>Every row, for tests and documentation.</summary>
    public static IReadOnlyList<SqlErrorCode> All { get; } =
        [Syntax, ObjectNotFound, AlreadyExists, InsufficientPrivileges, InvalidProperty, InvalidValue, CannotPerform, Internal];

    /// <summary>The metadata or blob store has no space left (SQLSTATE 53100, "disk full")./summary>
    public static SqlError StorageFull() =>
        new(Internal.Code, "53100", Internal.MessagePrefix + "storage is full; try again once space has been freed.");

    /// <summary>The metadata or blob store cannot be reached (SQLSTATE 58030, "I/O error")./summary>
    public static SqlError StorageUnavailable() =>
        new(Internal.Code, "58030", Internal.MessagePrefix + "storage cannot be reached; try again later.");

    /// <summary>A fault the server did not expect; <paramref name="requestId"/> finds it in the server log.</summary>
    public static SqlError Unexpected(string requestId) =>
        Internal.WithDetail($"Processing aborted due to an internal error (request {requestId}); the server log has the details.");

    /// <summary>
    /// The syntax error at a token. <paramref name="line"/> is 1-based; <paramref name="position"/> is
    /// the 0-based column within that line, which is what Snowflake prints as "position".
    /// </summary>
    public static SqlError SyntaxError(int line, int position, string token) =>
        Syntax.WithDetail(string.Create(
            CultureInfo.InvariantCulture, $"{line} at position {position} unexpected '{token}'."));

    /// <summary><c>&lt;Object type&gt; '&lt;NAME&gt;' does not exist or not authorized.</c></summary>
    public static SqlError NotFound(string objectType, string name) =>
        ObjectNotFound.WithDetail($"{objectType} '{name}' does not exist or not authorized.");

    public static SqlError Exists(string name) => AlreadyExists.WithDetail($"{name}' already exists.");

    public static SqlError NotAllowed(string objectType, string name) =>
        InsufficientPrivileges.WithDetail($"{objectType} '{name}'");

    /// <summary>Snowflake's wording, e.g. <c>invalid property 'FOO' for 'IMAGE_REPOSITORY'</c>.</summary>
    public static SqlError UnknownProperty(string property, string owner) =>
        InvalidProperty.WithDetail($"invalid property '{property}' for '{owner}'");

    /// <summary>A named argument the table function does not take.</summary>
    public static SqlError UnknownArgument(string argument, string function) =>
        InvalidProperty.WithDetail($"invalid argument '{argument}' for function '{function}'");

    public static SqlError DuplicateProperty(string property) =>
        InvalidProperty.WithDetail($"duplicate property '{property}'");

    /// <summary>UNSET of a property the object cannot be without.</summary>
    public static SqlError RequiredPropertyUnset(string property, string owner) =>
        InvalidProperty.WithDetail($"property '{property}' is required for '{owner}' and cannot be unset");

    public static SqlError MissingProperty(string property, string owner) =>
        InvalidProperty.WithDetail($"missing required property '{property}' for '{owner}'");

    /// <summary>A quoted identifier where only unquoted ones are supported.</summary>
    public static SqlError QuotedIdentifierNotSupported(int line, int position, string token) =>
        InvalidProperty.WithDetail(string.Create(
            CultureInfo.InvariantCulture,
            $"error line {line} at position {position}\nquoted identifier {token} is not supported here: {QuotedReason}"));

    public static SqlError UnsupportedValue(string value, string property) =>
        InvalidValue.WithDetail($"'{value}' for property '{property}'");

    /// <summary>
    /// A quoted current database or schema where an image repository is named: the
    /// parser refuses quoted names as written; this is the executor's check of the session's names.
    /// </summary>
    public static SqlError QuotedContextNotSupported(string what, string quotedName) =>
        InvalidProperty.WithDetail($"the current {what} {quotedName} is a quoted identifier, which is not supported here: {QuotedReason}");

    /// <summary><c>Cannot drop schema 'S': ...</c> and the like (<see cref="CannotPerform"/>).</summary>
    public static SqlError OperationRefused(string detail) => CannotPerform.WithDetail(detail);

    /// <summary><c>invalid value '&lt;value&gt;' for property '&lt;NAME&gt;': &lt;reason&gt;</c>.</summary>
    public static SqlError UnsupportedValue(string value, string property, string reason) =>
        InvalidValue.WithDetail($"'{value}' for property '{property}': {reason}");

    /// <summary>An <c>RSA_PUBLIC_KEY</c> that is not an RSA public key; the value is not repeated.</summary>
    public static SqlError InvalidRsaPublicKey() =>
        InvalidValue.WithDetail("for property 'RSA_PUBLIC_KEY': not the base64 body of an RSA public key (PEM 'PUBLIC KEY')");

    /// <summary>A password for a <c>TYPE = SERVICE</c> user.</summary>
    public static SqlError ServiceUserPassword(string user) =>
        InvalidProperty.WithDetail($"invalid property 'PASSWORD' for 'USER' '{user}' of TYPE = SERVICE: a service user cannot have a password");

    /// <summary>Snowflake's wording: <c>Cannot drop role R as it is the current primary role.</c></summary>
    public static SqlError CurrentRoleDrop(string role) =>
        CannotPerform.WithDetail($"Cannot drop role {role} as it is the current primary role.");

    /// <summary>The session's own user: its next statement would have no user to run as.</summary>
    public static SqlError CurrentUserDrop(string user) =>
        CannotPerform.WithDetail($"Cannot drop user {user} as it is the current user.");

    /// <summary>A system role cannot be dropped or replaced.</summary>
    public static SqlError SystemRole(string role) =>
        CannotPerform.WithDetail($"Role {role} is a system role; it cannot be dropped or replaced.");

    /// <summary>GRANT ROLE that would make the role hierarchy a cycle.</summary>
    public static SqlError RoleCycle(string role, string parent) =>
        CannotPerform.WithDetail($"Granting role {role} to role {parent} would create a cycle in the role hierarchy.");

    /// <summary>Snowflake's wording for GRANT OWNERSHIP without COPY or REVOKE CURRENT GRANTS on an object with grants.</summary>
    public static SqlError DependentGrant(string privilege, string securable, string role) =>
        CannotPerform.WithDetail(
            $"Dependent grant of privilege '{privilege}' on securable '{securable}' to role '{role}' exists. It must be revoked first. "
            + "More than one dependent grant may exist: use 'SHOW GRANTS' command to view them. To revoke all dependent grants while "
            + "transferring object ownership, use convenience command 'GRANT OWNERSHIP ON <target_objects> TO <target_role> REVOKE CURRENT GRANTS'.");

    /// <summary>Snowflake's wording for a policy that is set on the account or a user.</summary>
    public static SqlError PolicyInUse(string policy) =>
        CannotPerform.WithDetail($"Policy {policy} cannot be dropped/replaced as it is associated with one or more entities.");
}
