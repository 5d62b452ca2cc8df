using Floe.Core.Security;

namespace Floe.Core.Tests.Security;

public sealed class RegistryScopeTests
{
    [Theory]
    [InlineData("repository:db/sch/repo/img:pull,push", "repository", "db/sch/repo/img", "pull,push")]
    [InlineData("repository:localhost:5000/db/sch/repo:pull", "repository", "localhost:5000/db/sch/repo", "pull")]
    [InlineData("repository:host:5000/a:b:push", "repository", "host:5000/a:b", "push")]
    [InlineData("registry:catalog:*", "registry", "catalog", "*")]
    [InlineData("repository(plugin):db/sch/repo:pull", "repository", "db/sch/repo", "pull")]
    [InlineData("repository:db/sch/repo:pull,pull, push", "repository", "db/sch/repo", "pull,push")]
    public void TryParse_ValidScope_SplitsAtTheFirstAndLastColon(string text, string type, string name, string actions)
    {
        Assert.True(RegistryScope.TryParse(text, out RegistryScope? scope));

        Assert.Equal((type, name, actions), (scope!.Type, scope.Name, string.Join(',', scope.Actions)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("repository")]
    [InlineData("repository:db/sch/repo")]
    [InlineData("repository::pull")]
    [InlineData(":db/sch/repo:pull")]
    [InlineData("repository:db/sch/repo:")]
    [InlineData("repository:db/sch/repo:,")]
    [InlineData("(plugin):db:pull")]
    [InlineData("repository(plugin:db:pull")]
    public void TryParse_Malformed_IsFalse(string? text) =>
        Assert.False(RegistryScope.TryParse(text, out _));

    [Fact]
    public void TryParseAll_RepeatedAndSpaceSeparated_MergesActionsPerResource()
    {
        Assert.True(RegistryScope.TryParseAll(
            ["repository:db/sch/a:pull registry:catalog:*", "repository:db/sch/a:push", null, "repository:db/sch/b:pull"],
            out IReadOnlyList<RegistryScope> scopes));

        Assert.Equal(["repository:db/sch/a:pull,push", "registry:catalog:*", "repository:db/sch/b:pull"], scopes.Select(s => s.ToString()));
        Assert.True(scopes[1].IsCatalog);
    }

    [Fact]
    public void TryParseAll_OneMalformed_IsFalse() =>
        Assert.False(RegistryScope.TryParseAll(["repository:db/sch/a:pull", "junk"], out _));

    [Fact]
    public void Restrict_KeepsOnlyAllowedActions()
    {
        RegistryScope.TryParse("repository:db/sch/a:pull,push", out RegistryScope? scope);

        Assert.Equal("repository:db/sch/a:pull", scope!.Restrict(a => a == RegistryScope.Pull).ToString());
    }
}
