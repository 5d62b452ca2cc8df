namespace Floe.Server.Tests.Authorization;

/// <summary>
/// One cell of the permission matrix (docs/design/authorization.md): a privilege on the
/// repository, held (through a role, with USAGE on its database and schema) by a PERSON or a SERVICE user,
/// and what that allows.
/// </summary>
public sealed record MatrixCell(string? Privilege, bool Service, bool Pull, bool Push)
{
    private const bool Person = false;
    private const bool ServiceUser = true;

    /// <summary>The contract, as a table. <c>null</c>: no privilege on the repository at all.</summary>
    public static readonly MatrixCell[] All =
    [
        //  privilege         user type     pull   push
        new("READ",           Person,       true,  false),
        new("READ",           ServiceUser,  true,  false),
        new("WRITE",          Person,       true,  true),
        new("WRITE",          ServiceUser,  true,  true),
        new("OWNERSHIP",      Person,       true,  true),
        new("OWNERSHIP",      ServiceUser,  true,  true),
        new("SERVICE READ",   Person,       false, false),
        new("SERVICE READ",   ServiceUser,  true,  false),
        new("SERVICE WRITE",  Person,       false, false),
        new("SERVICE WRITE",  ServiceUser,  true,  true),
        new(null,             Person,       false, false),
        new(null,             ServiceUser,  false, false),
    ];

    /// <summary>The name the cell's repository, role and user are built from: <c>service_read_person</c>.</summary>
    public string Id => (Privilege?.Replace(' ', '_').ToLowerInvariant() ?? "none") + (Service ? "_service" : "_person");

    public string User => "u_" + Id;

    /// <summary>The OCI name of the cell's image.</summary>
    public string Image => $"db/sch/{Id}/img";

    public string UserType => Service ? "SERVICE" : "PERSON";

    public static MatrixCell Find(string privilege, string userType) =>
        All.Single(cell => (cell.Privilege ?? "NONE") == privilege && cell.UserType == userType);
}
