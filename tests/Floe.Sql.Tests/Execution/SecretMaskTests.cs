using Floe.Sql.Execution;

namespace Floe.Sql.Tests.Execution;

public class SecretMaskTests
{
    [Theory]
    [InlineData("CREATE USER u PASSWORD = 'p4ss'", "CREATE USER u PASSWORD = '****'")]
    [InlineData("create user u password='it''s' comment='x'", "create user u password='****' comment='x'")]
    [InlineData("ALTER USER u SET PASSWORD = 'a\\'b', COMMENT = 'c'", "ALTER USER u SET PASSWORD = '****', COMMENT = 'c'")]
    [InlineData("CREATE ACCOUNT a ADMIN_NAME = u ADMIN_PASSWORD = 'x'", "CREATE ACCOUNT a ADMIN_NAME = u ADMIN_PASSWORD = '****'")]
    [InlineData("ALTER USER u SET PASSWORD = 'unterminated", "ALTER USER u SET PASSWORD = '****'")]
    [InlineData("ALTER USER u SET PASSWORD = bare_secret", "ALTER USER u SET PASSWORD = '****'")]
    [InlineData("ALTER USER u SET PASSWORD 'no-equals'", "ALTER USER u SET PASSWORD '****'")]
    [InlineData("CREATE AUTHENTICATION POLICY p AUTHENTICATION_METHODS = ('PASSWORD', 'KEYPAIR')", "CREATE AUTHENTICATION POLICY p AUTHENTICATION_METHODS = ('PASSWORD', 'KEYPAIR')")]
    [InlineData("ALTER USER u UNSET PASSWORD", "ALTER USER u UNSET PASSWORD")]
    public void Apply_SqlText_MasksEveryPasswordValueAndNothingElse(string sql, string masked)
    {
        Assert.Equal(masked, SecretMask.Apply(sql, out _));
    }

    [Fact]
    public void Apply_ErrorMessageRepeatingTheSecret_MasksItThere()
    {
        SecretMask.Apply("ALTER USER u SET PASSWORD 'Hunter2' FOO", out IReadOnlyList<string> secrets);

        Assert.Equal("unexpected '****'.", SecretMask.Apply("unexpected 'Hunter2'.", secrets));
    }
}
