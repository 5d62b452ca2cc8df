using System.Security.Cryptography;

namespace Floe.Server.Hosting;

/// <summary>
/// The bootstrap administrator's password (PRODUCT.md §1.4): <c>FLOE_ADMIN_PASSWORD</c> when set;
/// otherwise a strong generated one, which is printed once and written to a file that only the
/// owner can read, inside the data directory.
/// </summary>
internal static class AdminPassword
{
    public const string FileName = "admin-password";

    /// <summary>The password, and whether it was generated (and so must be shown to the operator).</summary>
    public static (string Password, bool Generated) Resolve(string? configured)
    {
        if (!string.IsNullOrEmpty(configured))
        {
            return (configured, false);
        }

        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        return (RandomNumberGenerator.GetString(alphabet, 24), true);
    }

    /// <summary>Writes the generated password with mode 0600 (created so, never widened) and returns the path.</summary>
    public static string Save(string dataDir, string password)
    {
        string path = Path.Combine(Path.GetFullPath(dataDir), FileName);
        FileStreamOptions options = new() { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (StreamWriter writer = new(path, options))
        {
            writer.WriteLine(password);
        }

        return path;
    }
}
