namespace Floe.Cli;

/// <summary>Exit codes of the <c>floe</c> client commands.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>A SQL or API error; the message is on standard error.</summary>
    public const int Error = 1;

    /// <summary>Bad usage: wrong or conflicting arguments, missing file, incomplete connection settings.</summary>
    public const int Usage = 2;
}
