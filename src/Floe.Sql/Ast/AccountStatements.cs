using System.Text;

namespace Floe.Sql.Ast;

/// <summary>
/// <c>CREATE ACCOUNT &lt;name&gt; ADMIN_NAME = &lt;user&gt; ADMIN_PASSWORD = '&lt;pw&gt;' [COMMENT = '&lt;c&gt;']</c>
/// (role <c>ORGADMIN</c> only). <see cref="object.ToString"/> leaves the password out; <see cref="ToSql"/> does not.
/// </summary>
public sealed record CreateAccount(Identifier Name, Identifier AdminName, string AdminPassword, string? Comment = null)
    : Statement
{
    public override string ToSql() => SqlText.Join(
        "CREATE ACCOUNT",
        Name.ToSql(),
        "ADMIN_NAME = " + AdminName.ToSql(),
        SqlText.Property("ADMIN_PASSWORD", AdminPassword),
        SqlText.Property("COMMENT", Comment));

    protected override bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Name = {Name}, AdminName = {AdminName}, AdminPassword = ***, Comment = {Comment}");
        return true;
    }
}
