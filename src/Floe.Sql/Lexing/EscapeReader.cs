using System.Globalization;
using System.Text;

namespace Floe.Sql.Lexing;

/// <summary>
/// Snowflake's backslash escapes in single-quoted string constants: <c>\' \" \\ \b \f \n \r \t \0</c>,
/// <c>\ooo</c> (three octal digits), <c>\xhh</c> (two hex digits) and <c>\uhhhh</c> (four hex digits).
/// A backslash before any other character stands for that character.
/// </summary>
internal static class EscapeReader
{
    /// <summary>
    /// Appends the character that the escape after a backslash stands for and answers how many
    /// characters of <paramref name="rest"/> it used, or 0 when a <c>\x</c> or <c>\u</c> escape lacks its digits.
    /// </summary>
    public static int Read(ReadOnlySpan<char> rest, StringBuilder value)
    {
        char c = rest[0];
        switch (c)
        {
            case 'b': value.Append('\b'); return 1;
            case 'f': value.Append('\f'); return 1;
            case 'n': value.Append('\n'); return 1;
            case 'r': value.Append('\r'); return 1;
            case 't': value.Append('\t'); return 1;
            case 'x': return AppendCode(rest, 2, NumberStyles.AllowHexSpecifier, value);
            case 'u': return AppendCode(rest, 4, NumberStyles.AllowHexSpecifier, value);
            default:
                if (rest.Length >= 3 && IsOctal(rest[0]) && IsOctal(rest[1]) && IsOctal(rest[2]))
                {
                    value.Append((char)((((rest[0] - '0') * 8) + (rest[1] - '0')) * 8 + (rest[2] - '0')));
                    return 3;
                }

                value.Append(c == '0' ? '\0' : c);
                return 1;
        }
    }

    private static int AppendCode(ReadOnlySpan<char> rest, int digits, NumberStyles style, StringBuilder value)
    {
        if (rest.Length <= digits
            || !int.TryParse(rest.Slice(1, digits), style, CultureInfo.InvariantCulture, out int code))
        {
            return 0;
        }

        value.Append((char)code);
        return digits + 1;
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';
}
