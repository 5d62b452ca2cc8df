using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Security;
using Floe.Sql.Ast;
using Floe.Sql.Errors;
using Floe.Sql.Execution.Security;
using AstMethod = Floe.Sql.Ast.AuthenticationMethod;
using CoreMethods = Floe.Core.Metadata.ControlPlane.AuthenticationMethods;
using CorePrivilege = Floe.Core.Metadata.ControlPlane.Privilege;
using ObjectName = Floe.Sql.Ast.ObjectName;

namespace Floe.Sql.Execution.Areas;

/// <summary>
/// Authentication policies as schema objects: <c>CREATE [OR REPLACE] AUTHENTICATION
/// POLICY</c> (CREATE AUTHENTICATION POLICY on the schema through the primary role, which owns the policy),
/// <c>DROP AUTHENTICATION POLICY</c> (OWNERSHIP; refused while the policy is set) and <c>SHOW
/// AUTHENTICATION POLICIES</c>. CREATE and DROP also need USAGE on the database and schema. Setting them on the account or a user is <see cref="PolicyAttachmentArea"/>.
/// </summary>
internal sealed class AuthenticationPolicyArea : IStatementArea
{
    private const int MaxRows = 10_000;

    private static readonly SqlColumn[] ShowColumns =
    [
        SqlColumn.Timestamp("created_on"), SqlColumn.Text("name"), SqlColumn.Text("database_name"), SqlColumn.Text("schema_name"),
        SqlColumn.Text("kind"), SqlColumn.Text("owner"), SqlColumn.Text("comment"), SqlColumn.Text("owner_role_type"),
        SqlColumn.Text("authentication_methods"),
    ];

    public void Register(HandlerTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        table.On<CreateAuthenticationPolicy>(CreateAsync)
            .On<DropObject>(ObjectKind.AuthenticationPolicy, DropAsync)
            .On<ShowSchemaObjects>(ObjectKind.AuthenticationPolicy, ShowAsync);
    }

    private static async Task<SqlResult<StatementOutcome>> CreateAsync(
        CreateAuthenticationPolicy statement, StatementContext context, CancellationToken cancellationToken)
    {
        const string What = "CREATE AUTHENTICATION POLICY";
        SqlResult<(string Database, string Schema)> container = context.ResolveContainer(statement.Name, What);
        if (!container.IsSuccess)
        {
            return container.Error;
        }

        ObjectName schemaName = ObjectName.Of(Identifier.Quoted(container.Value.Database), Identifier.Quoted(container.Value.Schema));
        SqlResult<(SecurableTarget Target, ObjectAccess Access)> schema =
            await SecurableTarget.FindVisibleAsync(context, ObjectKind.Schema, schemaName, What, cancellationToken);
        if (!schema.IsSuccess)
        {
            return schema.Error;
        }

        SqlError? unusable = await ObjectAccess.RequireUsageAsync(context, schema.Value.Target, includeTarget: true, cancellationToken);
        if (unusable is not null)
        {
            return unusable;
        }

        SqlResult<RoleNode> owner = await ObjectAccess.RequireCreateAsync(
            context, schema.Value.Target, CorePrivilege.CreateAuthenticationPolicy, What, cancellationToken);
        if (!owner.IsSuccess)
        {
            return owner.Error;
        }

        string name = statement.Name.Name.Normalized;
        SqlError? refused = await CheckExistingAsync(statement, schema.Value.Target.Id, context, cancellationToken);
        if (refused is not null || (statement.IfNotExists && await ExistsAsync(context, schema.Value.Target.Id, name, cancellationToken)))
        {
            return refused is not null ? refused : context.Status(StatusMessages.AlreadyExists(name));
        }

        NewAuthenticationPolicy policy = new(context.AccountId, schema.Value.Target.Id, name, ToMethods(statement.Methods), owner.Value.Id, statement.Comment);
        CreateMode mode = statement.OrReplace ? CreateMode.OrReplace : CreateMode.FailIfExists;
        CreateResult<AuthenticationPolicyRecord> created = await context.Store.CreateAuthenticationPolicyAsync(policy, mode, cancellationToken);
        return created.Status switch
        {
            CreateStatus.Created or CreateStatus.Replaced => context.Status(StatusMessages.Created(ObjectKind.AuthenticationPolicy, name)),
            CreateStatus.AlreadyExists when statement.IfNotExists => context.Status(StatusMessages.AlreadyExists(name)),
            CreateStatus.AlreadyExists or CreateStatus.Conflict => SqlErrors.Exists(name),
            CreateStatus.Protected => SqlErrors.PolicyInUse(name),
            _ => SecurityText.NotFound(ObjectKind.Schema, schema.Value.Target.Name),
        };
    }

    /// <summary>Plain CREATE of an existing policy is 002002; OR REPLACE needs its OWNERSHIP.</summary>
    private static async Task<SqlError?> CheckExistingAsync(
        CreateAuthenticationPolicy statement, long schemaId, StatementContext context, CancellationToken cancellationToken)
    {
        string name = statement.Name.Name.Normalized;
        AuthenticationPolicyRecord? existing = statement.IfNotExists
            ? null
            : await context.Store.FindAuthenticationPolicyAsync(context.AccountId, schemaId, name, cancellationToken);
        if (existing is null)
        {
            return null;
        }

        if (!statement.OrReplace)
        {
            return SqlErrors.Exists(name);
        }

        ObjectAccess access = await ObjectAccess.OfAsync(context, SecurableObject.AuthenticationPolicy(existing.Id), cancellationToken);
        return access.Owns ? null : SecurityText.NotAllowed(ObjectKind.AuthenticationPolicy, SecurityText.Part(name));
    }

    private static async Task<bool> ExistsAsync(StatementContext context, long schemaId, string name, CancellationToken cancellationToken) =>
        await context.Store.FindAuthenticationPolicyAsync(context.AccountId, schemaId, name, cancellationToken) is not null;

    /// <summary>The methods listed; without a list, every method (Snowflake's default).</summary>
    private static CoreMethods ToMethods(IEnumerable<AstMethod>? methods) =>
        methods is null
            ? CoreMethods.All
            : methods.Aggregate(CoreMethods.None, (all, method) => all | method switch
            {
                AstMethod.Password => CoreMethods.Password,
                AstMethod.KeyPair => CoreMethods.KeyPair,
                AstMethod.OAuth => CoreMethods.OAuth,
                _ => CoreMethods.ProgrammaticAccessToken,
            });

    private static async Task<SqlResult<StatementOutcome>> DropAsync(DropObject statement, StatementContext context, CancellationToken cancellationToken)
    {
        string name = statement.Name.Name.Normalized;
        SqlResult<(SecurableTarget Target, ObjectAccess Access)> found = await SecurableTarget.FindVisibleAsync(
            context, ObjectKind.AuthenticationPolicy, statement.Name, "DROP AUTHENTICATION POLICY", cancellationToken);
        if (!found.IsSuccess)
        {
            return statement.IfExists && found.Error.Code == SqlErrors.ObjectNotFound.Code
                ? context.Status(StatusMessages.AlreadyDropped(name))
                : found.Error;
        }

        SqlError? refused = await ObjectAccess.RequireUsageAsync(context, found.Value.Target, includeTarget: false, cancellationToken)
            ?? (found.Value.Access.Owns ? null : SecurityText.NotAllowed(ObjectKind.AuthenticationPolicy, found.Value.Target.Name));
        if (refused is not null)
        {
            return refused;
        }

        DropStatus status = await context.Store.DropAuthenticationPolicyAsync(context.AccountId, found.Value.Target.Id, cancellationToken);
        return status switch
        {
            DropStatus.Dropped => context.Status(StatusMessages.Dropped(name)),
            DropStatus.InUse => SqlErrors.PolicyInUse(name),
            _ => SecurityText.NotFound(ObjectKind.AuthenticationPolicy, found.Value.Target.Name),
        };
    }

    /// <summary>
    /// <c>SHOW AUTHENTICATION POLICIES [LIKE] [IN ...] [STARTS WITH] [LIMIT [FROM]]</c>: the policies the session's
    /// roles hold a privilege on (all with MANAGE GRANTS); without <c>IN</c>, the current database, else the account.
    /// </summary>
    private static async Task<SqlResult<StatementOutcome>> ShowAsync(ShowSchemaObjects statement, StatementContext context, CancellationToken cancellationToken)
    {
        SqlResult<PolicyScope> scope = await PolicyScope.ResolveAsync(context, statement.In, cancellationToken);
        if (!scope.IsSuccess)
        {
            return scope.Error;
        }

        SessionRoles roles = await context.GetRolesAsync(cancellationToken);
        Visibility visible = await context.Authorizer.GetVisibilityAsync(roles.Effective, SecurableType.AuthenticationPolicy, cancellationToken);
        IReadOnlyList<AuthenticationPolicyRecord> policies = await context.Store.ListAuthenticationPoliciesAsync(context.AccountId, cancellationToken);
        IEnumerable<AuthenticationPolicyRecord> shown = policies.Where(policy =>
            visible.CanSee(policy.Id)
            && scope.Value.Contains(policy)
            && SqlFormat.Like(policy.Name, statement.Like)
            && (statement.StartsWith is null || policy.Name.StartsWith(statement.StartsWith, StringComparison.Ordinal))
            && (statement.Limit?.From is not { } from || string.CompareOrdinal(policy.Name, from) >= 0));
        int limit = Math.Min(statement.Limit?.Rows ?? MaxRows, MaxRows);
        List<IReadOnlyList<string?>> rows = [.. shown.Take(limit).Select(Row)];
        return new StatementOutcome(new SqlStatementResult(ShowColumns, rows), context.Session);
    }

    private static string?[] Row(AuthenticationPolicyRecord policy) =>
    [
        SqlFormat.Timestamp(policy.CreatedOn),
        policy.Name,
        policy.Database,
        policy.Schema,
        "AUTHENTICATION_POLICY",
        policy.Owner ?? "",
        policy.Comment,
        "ROLE",
        Methods(policy.Methods),
    ];

    /// <summary>As Snowflake describes them: <c>[PASSWORD, KEYPAIR]</c>, or <c>[ALL]</c>.</summary>
    private static string Methods(CoreMethods methods) =>
        "[" + (methods == CoreMethods.All ? "ALL" : string.Join(", ", methods.ToSql())) + "]";
}
