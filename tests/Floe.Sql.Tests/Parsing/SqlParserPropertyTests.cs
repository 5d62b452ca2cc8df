using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Privilege = Floe.Core.Metadata.ControlPlane.Privilege;
using Floe.Sql.Ast;
using Floe.Sql.Errors;
using Floe.Sql.Parsing;

namespace Floe.Sql.Tests.Parsing;

/// <summary>
/// Generated statements (the AST, built directly) print as SQL that parses back to the same statements:
/// the printer and the parser agree on every identifier, literal and clause the generators reach. Quoted
/// identifiers and string literals carry quotes, backslashes, line breaks, keywords and non-ASCII text.
/// A fixed seed makes every run check the same statements.
/// </summary>
public class SqlParserPropertyTests
{
    [Property(Arbitrary = [typeof(SqlGenerators)], MaxTest = 2000, Replay = "(20261204,1029)")]
    public void Parse_PrintedStatement_GivesTheSameStatement(Statement statement)
    {
        string sql = statement.ToSql();

        SqlResult<IReadOnlyList<Statement>> parsed = SqlParser.Parse(sql);

        Assert.True(parsed.IsSuccess, $"{sql} fails: {parsed.Error}");
        Assert.Equal(statement, Assert.Single(parsed.Value));
    }

    [Property(Arbitrary = [typeof(SqlGenerators)], MaxTest = 300, Replay = "(20261204,1031)")]
    public void Parse_PrintedScript_GivesTheSameStatementsInOrder(Statement[] statements)
    {
        string sql = string.Join(";\n", statements.Select(statement => statement.ToSql())) + ";";

        SqlResult<IReadOnlyList<Statement>> parsed = SqlParser.Parse(sql);

        Assert.True(parsed.IsSuccess, $"{sql} fails: {parsed.Error}");
        Assert.Equal(statements, parsed.Value);
    }
}

/// <summary>Generators of a wide range of the statement records of the AST.</summary>
public static class SqlGenerators
{
    private static readonly string[] Fragments =
    [
        "a", "Z", "repo", "_", "$", "0", "9", " ", "'", "''", "\"", "\\", "\\'", "\n", "\r\n", "\t", ";", "--", "/*", "*/",
        "é", "Ω", "日本", "😀", "SELECT", "create", ".", "%", "=", "(", ")", ",",
    ];

    private static readonly string[] Reserved = ["SELECT", "CREATE", "GRANT", "TABLE", "FROM", "WHERE", "ON", "TO"];

    public static Arbitrary<Statement> Statements() => Statement.ToArbitrary();

    private static Gen<string> Text(int minimumFragments) =>
        Gen.Choose(minimumFragments, 12).SelectMany(count => Gen.ArrayOf(Gen.Elements(Fragments), count)).Select(parts => string.Concat(parts));

    private static Gen<string?> Maybe(Gen<string> gen) => Gen.Frequency((1, Gen.Constant<string?>(null)), (2, gen.Select(s => (string?)s)));

    private static Gen<T?> MaybeValue<T>(Gen<T> gen)
        where T : struct => Gen.Frequency((1, Gen.Constant<T?>(null)), (2, gen.Select(v => (T?)v)));

    private static Gen<bool> Bool => Gen.Elements(true, false);

    /// <summary>Unquoted (any case, reserved words too: those print quoted) and quoted identifiers of any text.</summary>
    private static Gen<Identifier> Identifier => Gen.OneOf(
        PlainIdentifier,
        Gen.Elements(Reserved).Select(Floe.Sql.Ast.Identifier.Unquoted),
        Text(1).Where(text => text.Length <= 255).Select(Floe.Sql.Ast.Identifier.Quoted));

    /// <summary>An identifier that prints unquoted, in any case: the only kind that may name an image repository, its schema and its database.</summary>
    private static Gen<Identifier> PlainIdentifier =>
        Gen.Choose(0, 6).SelectMany(n => Gen.ArrayOf(Gen.Elements("a", "B", "c_", "$", "1", "x9", "Q"), n))
            .SelectMany(rest => Gen.Elements("a", "Repo", "_x", "Z").Select(first => Floe.Sql.Ast.Identifier.Unquoted(first + string.Concat(rest))));

    private static Gen<ObjectName> Name(int minimumParts, int maximumParts) =>
        Gen.Choose(minimumParts, maximumParts).SelectMany(parts => Gen.ArrayOf(Identifier, parts)).Select(parts => ObjectName.Of(parts));

    private static Gen<ObjectName> PlainName(int minimumParts, int maximumParts) =>
        Gen.Choose(minimumParts, maximumParts).SelectMany(parts => Gen.ArrayOf(PlainIdentifier, parts)).Select(parts => ObjectName.Of(parts));

    private static Gen<string?> Comment => Maybe(Text(0));

    private static Gen<Statement> Statement => Gen.OneOf(
        // CREATE [OR REPLACE] <kind> [IF NOT EXISTS] (the two options never together)
        CreateOptions.SelectMany(o => Identifier.SelectMany(n => Comment.Select(c => (Statement)new CreateDatabase(o.OrReplace, o.IfNotExists, n, c)))),
        CreateOptions.SelectMany(o => Name(1, 2).SelectMany(n => Comment.Select(c => (Statement)new CreateSchema(o.OrReplace, o.IfNotExists, n, c)))),
        CreateOptions.SelectMany(o => Identifier.SelectMany(n => Comment.Select(c => (Statement)new CreateRole(o.OrReplace, o.IfNotExists, n, c)))),
        CreateOptions.SelectMany(o => PlainName(1, 3).SelectMany(n => Comment.Select(c => (Statement)new CreateImageRepository(o.OrReplace, o.IfNotExists, n, null, c)))),
        CreateOptions.SelectMany(o => Identifier.SelectMany(n => UserProperties(allowEmpty: true).Select(p => (Statement)new CreateUser(o.OrReplace, o.IfNotExists, n, p)))),
        CreateOptions.SelectMany(o => Name(1, 3).SelectMany(n => MaybeMethods.SelectMany(m => Comment.Select(c => (Statement)new CreateAuthenticationPolicy(o.OrReplace, o.IfNotExists, n, m, c))))),
        Bool.SelectMany(e => Identifier.SelectMany(n => UserProperties(allowEmpty: false).Select(p => (Statement)new AlterUserSet(e, n, p)))),
        Identifier.Select(n => (Statement)new DescribeUser(n)),
        // DROP, COMMENT
        Droppable.SelectMany(k => Bool.SelectMany(e => NameOf(k).SelectMany(n => DropBehaviorOf(k).Select(b => (Statement)new DropObject(k, e, n, b))))),
        Commentable.SelectMany(k => Bool.SelectMany(e => NameOf(k).SelectMany(n => Text(0).Select(c => (Statement)new SetComment(k, e, n, c))))),
        Commentable.SelectMany(k => Bool.SelectMany(e => NameOf(k).Select(n => (Statement)new UnsetComment(k, e, n)))),
        // SHOW
        Gen.Elements(ObjectKind.Database, ObjectKind.Role, ObjectKind.User).SelectMany(k => Maybe(Text(0)).Select(l => (Statement)new ShowObjects(k, l))),
        ShowImageRepositories,
        Identifier.Select(r => (Statement)new ShowGrantsOfRole(r)),
        Grantee.Select(g => (Statement)new ShowGrantsTo(g)),
        // roles, grants, sessions
        Identifier.SelectMany(r => Grantee.Select(g => (Statement)new GrantRole(r, g))),
        Identifier.SelectMany(r => Grantee.Select(g => (Statement)new RevokeRole(r, g))),
        Grant.SelectMany(g => Identifier.SelectMany(r => Bool.Select(w => (Statement)new GrantPrivileges(g.Privileges, g.On, r, w)))),
        Bool.SelectMany(o => Grant.SelectMany(g => Identifier.Select(r => (Statement)new RevokePrivileges(o, g.Privileges, g.On, r)))),
        PlainName(3, 3).SelectMany(n => Identifier.SelectMany(r => MaybeValue(Gen.Elements(Enum.GetValues<CurrentGrants>())).Select(c =>
            (Statement)new GrantOwnership(new ObjectSecurable(ObjectKind.ImageRepository, n), r, c)))),
        Identifier.Select(r => (Statement)new UseRole(r)),
        Identifier.Select(d => (Statement)new UseDatabase(d)),
        Name(1, 2).Select(s => (Statement)new UseSchema(s)),
        // programmatic access tokens
        MaybeIdentifier.SelectMany(u => Identifier.SelectMany(t => Maybe(Text(1)).SelectMany(r => MaybeValue(Gen.Choose(1, 365)).SelectMany(d => Comment.Select(c =>
            (Statement)new AddProgrammaticAccessToken(u, t, r, d, c)))))),
        MaybeIdentifier.SelectMany(u => Identifier.Select(t => (Statement)new RemoveProgrammaticAccessToken(u, t))),
        MaybeIdentifier.Select(u => (Statement)new ShowProgrammaticAccessTokens(u)));

    private static Gen<(bool OrReplace, bool IfNotExists)> CreateOptions => Gen.Elements((false, false), (true, false), (false, true));

    private static Gen<Identifier?> MaybeIdentifier => MaybeValue(Identifier);

    private static Gen<ValueList<AuthenticationMethod>?> MaybeMethods =>
        Gen.Frequency(
            (1, Gen.Constant<ValueList<AuthenticationMethod>?>(null)),
            (2, Gen.SubListOf(Enum.GetValues<AuthenticationMethod>()).Where(m => m.Count > 0).Select(m => (ValueList<AuthenticationMethod>?)ValueList.From(m))));

    private static Gen<UserProperties> UserProperties(bool allowEmpty) =>
        Maybe(Text(1)).SelectMany(password => MaybeValue(Gen.Elements(Enum.GetValues<UserType>())).SelectMany(type => MaybeIdentifier.SelectMany(role =>
            MaybeValue(Bool).SelectMany(disabled => Comment.Select(comment => new UserProperties(password, type, role, null, disabled, comment))))))
            .Where(properties => allowEmpty || !properties.IsEmpty);

    private static Gen<ObjectKind> Droppable => Gen.Elements(ObjectKind.Database, ObjectKind.Schema, ObjectKind.ImageRepository, ObjectKind.Role, ObjectKind.User);

    private static Gen<ObjectKind> Commentable => Gen.Elements(ObjectKind.Database, ObjectKind.Schema, ObjectKind.ImageRepository);

    private static Gen<ObjectName> NameOf(ObjectKind kind) => kind switch
    {
        ObjectKind.Schema => Name(1, 2),
        ObjectKind.ImageRepository => PlainName(1, 3),
        _ => Name(1, 1),
    };

    private static Gen<DropBehavior?> DropBehaviorOf(ObjectKind kind) =>
        kind is ObjectKind.Database or ObjectKind.Schema ? MaybeValue(Gen.Elements(Enum.GetValues<DropBehavior>())) : Gen.Constant<DropBehavior?>(null);

    private static Gen<Grantee> Grantee => Gen.Elements(Enum.GetValues<GranteeKind>()).SelectMany(k => Identifier.Select(n => new Grantee(k, n)));

    private static Gen<Statement> ShowImageRepositories =>
        Maybe(Text(0)).SelectMany(like => Gen.OneOf(
                Gen.Constant<ShowScope?>(null),
                Gen.Constant<ShowScope?>(new AccountScope()),
                Identifier.Select(d => (ShowScope?)new DatabaseScope(d)),
                Name(1, 2).Select(s => (ShowScope?)new SchemaScope(s)))
            .SelectMany(scope => Maybe(Text(0)).SelectMany(starts => Gen.OneOf(
                    Gen.Constant<ShowLimit?>(null),
                    Gen.Choose(1, 10000).SelectMany(rows => Maybe(Text(0)).Select(from => (ShowLimit?)new ShowLimit(rows, from))))
                .Select(limit => (Statement)new ShowSchemaObjects(ObjectKind.ImageRepository, like, scope, starts, limit)))));

    /// <summary>Privileges with an object they can be granted on.</summary>
    private static Gen<(PrivilegeSet Privileges, GrantScope On)> Grant => Gen.OneOf(
        Privileges(Privilege.CreateDatabase, Privilege.CreateRole, Privilege.ManageGrants).Select(p => (p, (GrantScope)new AccountSecurable())),
        Privileges(Privilege.Usage, Privilege.CreateSchema).SelectMany(p => Name(1, 1).Select(n => (p, (GrantScope)new ObjectSecurable(ObjectKind.Database, n)))),
        Privileges(Privilege.Usage, Privilege.CreateImageRepository).SelectMany(p => Name(2, 2).Select(n => (p, (GrantScope)new ObjectSecurable(ObjectKind.Schema, n)))),
        Privileges(Privilege.Read, Privilege.Write).SelectMany(p => PlainName(3, 3).Select(n => (p, (GrantScope)new ObjectSecurable(ObjectKind.ImageRepository, n)))),
        Privileges(Privilege.Read, Privilege.Write).SelectMany(p => Name(2, 2).Select(n => (p, (GrantScope)new FutureImageRepositories(n)))));

    private static Gen<PrivilegeSet> Privileges(params Privilege[] valid) => Gen.Frequency(
        (1, Gen.Constant(PrivilegeSet.All)),
        (3, Gen.SubListOf(valid).Where(p => p.Count > 0).Select(p => PrivilegeSet.Of([.. p]))));
}
