using Floe.Core.Security;
using Floe.Server.Authentication;

namespace Floe.Server.Tests.Authentication;

/// <summary>The memo of verified passwords answers only for the same user, password and stored hash.</summary>
public sealed class VerifiedPasswordsTests
{
    [Fact]
    public void Contains_AfterAdd_OnlyForTheSameUserPasswordAndStoredHash()
    {
        PasswordHasher hasher = new(iterations: 1_000);
        string stored = hasher.Hash("right");
        string rehashed = hasher.Hash("right");
        using VerifiedPasswords verified = new();

        verified.Add(7, "right", stored);

        Assert.True(verified.Contains(7, "right", stored));
        Assert.False(verified.Contains(7, "wrong", stored));
        Assert.False(verified.Contains(8, "right", stored));
        Assert.False(verified.Contains(7, "right", rehashed));
    }

    [Fact]
    public void Contains_NothingAdded_False()
    {
        using VerifiedPasswords verified = new();

        Assert.False(verified.Contains(7, "right", "pbkdf2-sha256$1000$c2FsdA==$aGFzaA=="));
    }
}
