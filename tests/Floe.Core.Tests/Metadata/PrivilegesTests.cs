using Floe.Core.Metadata.ControlPlane;

namespace Floe.Core.Tests.Metadata;

public sealed class PrivilegesTests
{
    [Fact]
    public void ToSqlAndTryParse_EveryPrivilege_RoundTrips()
    {
        foreach (Privilege privilege in Enum.GetValues<Privilege>())
        {
            Assert.True(Privileges.TryParse(privilege.ToSql(), out Privilege parsed));
            Assert.Equal(privilege, parsed);
        }
    }

    [Theory]
    [InlineData("CREATE IMAGE REPOSITORY", Privilege.CreateImageRepository)]
    [InlineData("SERVICE WRITE", Privilege.ServiceWrite)]
    [InlineData("MANAGE GRANTS", Privilege.ManageGrants)]
    public void Parse_SqlName_ReturnsThePrivilege(string text, Privilege expected)
    {
        Assert.Equal(expected, Privileges.Parse(text));
    }

    [Theory]
    [InlineData("read")]
    [InlineData("SERVICE  READ")]
    [InlineData("ALL")]
    [InlineData("")]
    public void TryParse_NotAnExactName_ReturnsFalse(string text)
    {
        Assert.False(Privileges.TryParse(text, out _));
    }

    [Theory]
    [InlineData(SecurableType.Account, true, new[] { Privilege.CreateDatabase, Privilege.CreateRole, Privilege.CreateUser, Privilege.ManageGrants, Privilege.CreateAccount, Privilege.Monitor })]
    [InlineData(SecurableType.Account, false, new[] { Privilege.CreateDatabase, Privilege.CreateRole, Privilege.CreateUser, Privilege.ManageGrants, Privilege.Monitor })]
    [InlineData(SecurableType.Database, false, new[] { Privilege.Usage, Privilege.CreateSchema })]
    [InlineData(SecurableType.Schema, false, new[] { Privilege.Usage, Privilege.CreateImageRepository, Privilege.CreateAuthenticationPolicy })]
    [InlineData(SecurableType.ImageRepository, false, new[] { Privilege.Read, Privilege.Write, Privilege.ServiceRead, Privilege.ServiceWrite })]
    [InlineData(SecurableType.Role, false, new Privilege[0])]
    [InlineData(SecurableType.User, false, new Privilege[0])]
    [InlineData(SecurableType.AuthenticationPolicy, false, new Privilege[0])]
    public void All_EachObjectType_ExpandsToEveryPrivilegeButOwnership(SecurableType type, bool organizationAccount, Privilege[] expected)
    {
        Assert.Equal(expected, Privileges.All(type, organizationAccount));
    }

    [Theory]
    [InlineData(Privilege.Ownership, SecurableType.Database, true)]
    [InlineData(Privilege.Ownership, SecurableType.Role, true)]
    [InlineData(Privilege.Ownership, SecurableType.Account, false)]
    [InlineData(Privilege.Read, SecurableType.Database, false)]
    [InlineData(Privilege.Usage, SecurableType.ImageRepository, false)]
    [InlineData(Privilege.CreateAuthenticationPolicy, SecurableType.Schema, true)]
    [InlineData(Privilege.CreateSchema, SecurableType.Schema, false)]
    public void AppliesTo_PrivilegeAndType_FollowsTheProductTable(Privilege privilege, SecurableType type, bool expected)
    {
        Assert.Equal(expected, privilege.AppliesTo(type));
    }

    [Fact]
    public void AppliesTo_CreateAccount_OnlyOnTheOrganizationsAccount()
    {
        Assert.True(Privilege.CreateAccount.AppliesTo(SecurableType.Account, organizationAccount: true));
        Assert.False(Privilege.CreateAccount.AppliesTo(SecurableType.Account, organizationAccount: false));
    }

    [Theory]
    [InlineData(Privilege.Ownership, Privilege.ServiceWrite, true)]
    [InlineData(Privilege.Ownership, Privilege.Usage, true)]
    [InlineData(Privilege.Write, Privilege.Read, true)]
    [InlineData(Privilege.ServiceWrite, Privilege.ServiceRead, true)]
    [InlineData(Privilege.Read, Privilege.Write, false)]
    [InlineData(Privilege.Write, Privilege.ServiceRead, false)]
    [InlineData(Privilege.ServiceWrite, Privilege.Read, false)]
    [InlineData(Privilege.ServiceRead, Privilege.Read, false)]
    [InlineData(Privilege.ManageGrants, Privilege.Usage, false)]
    [InlineData(Privilege.Usage, Privilege.Usage, true)]
    public void Implies_HeldAndWanted_OnlyOwnershipAndWriteImplyOthers(Privilege held, Privilege wanted, bool expected)
    {
        Assert.Equal(expected, held.Implies(wanted));
    }

    [Fact]
    public void SecurableTypes_EveryType_RoundTripsAndPrintsGrantedOnWithUnderscores()
    {
        foreach (SecurableType type in Enum.GetValues<SecurableType>())
        {
            Assert.Equal(type, SecurableTypes.Parse(type.ToSql()));
        }

        Assert.Equal("IMAGE_REPOSITORY", SecurableType.ImageRepository.ToGrantedOn());
        Assert.Equal("AUTHENTICATION POLICY", SecurableType.AuthenticationPolicy.ToSql());
    }

    [Fact]
    public void AuthenticationMethodNames_Set_PrintsInFixedOrderAndParsesBack()
    {
        Assert.Equal(["PASSWORD", "PROGRAMMATIC_ACCESS_TOKEN"], (AuthenticationMethods.ProgrammaticAccessToken | AuthenticationMethods.Password).ToSql());
        Assert.True(AuthenticationMethodNames.TryParse("KEYPAIR", out AuthenticationMethods keyPair));
        Assert.Equal(AuthenticationMethods.KeyPair, keyPair);
        Assert.True(AuthenticationMethodNames.TryParse("OAUTH", out AuthenticationMethods oauth));
        Assert.Equal(AuthenticationMethods.OAuth, oauth);
        Assert.False(AuthenticationMethodNames.TryParse("SAML", out _));
    }

    [Fact]
    public void SystemRoles_Plan_MatchesTheProductContract()
    {
        Assert.Equal(["ACCOUNTADMIN", "SECURITYADMIN", "USERADMIN", "SYSADMIN", "PUBLIC"], SystemRoles.For(organizationAccount: false));
        Assert.Equal(["ACCOUNTADMIN", "SECURITYADMIN", "USERADMIN", "SYSADMIN", "PUBLIC", "ORGADMIN"], SystemRoles.For(organizationAccount: true));
        Assert.Equal([("ACCOUNTADMIN", "SECURITYADMIN"), ("SECURITYADMIN", "USERADMIN"), ("ACCOUNTADMIN", "SYSADMIN")], SystemRoles.Hierarchy);
    }
}
