using System.Reflection;
using System.Text;
using Floe.Sql.Ast;
using Floe.Sql.Errors;
using Floe.Sql.Parsing;

namespace Floe.Sql.Tests.Parsing;

/// <summary>
/// Random and mutated text: the parser never throws; what it accepts prints back as SQL that parses
/// to the same statements; what it refuses is refused with a row of the error table.
/// </summary>
public class SqlParserFuzzTests
{
    private const string Alphabet = "abcXYZ_$019 \t\n\r.,;()=*'\"\\-/#~éΩ😀\0";

    private static readonly string[] Words =
    [
        "CREATE", "OR", "REPLACE", "IF", "NOT", "EXISTS", "IMAGE", "REPOSITORY", "REPOSITORIES", "DATABASE",
        "SCHEMA", "USER", "ROLE", "GRANT", "REVOKE", "ON", "TO", "FROM", "SHOW", "IN", "LIKE", "LIMIT", "STARTS",
        "WITH", "ALL", "FUTURE", "OWNERSHIP", "READ", "COMMENT", "=", "'x'", "\"q\"", "(", ")", ",", ";", ".", "1",
        "PAT", "ADD", "SET", "UNSET", "AUTHENTICATION", "POLICY", "CURRENT_USER()", "--", "/*", "*/",
    ];

    /// <summary>Every canonical statement of the round-trip tables, read from their <c>InlineData</c>.</summary>
    private static readonly string[] Corpus =
    [
        .. typeof(SqlParserFuzzTests).Assembly.GetTypes()
            .Where(type => type.Namespace == "Floe.Sql.Tests.Ast")
            .SelectMany(type => type.GetMethods())
            .Where(method => method.Name.StartsWith("ToSql_Canonical", StringComparison.Ordinal))
            .SelectMany(method => method.GetCustomAttributes<InlineDataAttribute>().SelectMany(data => data.GetData(method)))
            .Select(row => (string)row[0]),
    ];

    [Fact]
    public void Corpus_ReadFromTheRoundTripTables_HoldsEveryCanonicalForm()
    {
        Assert.True(Corpus.Length > 150, $"only {Corpus.Length} canonical statements found");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Parse_RandomText_NeverThrowsAndAnswersConsistently(int seed)
    {
        var random = new Random(seed);
        for (int i = 0; i < 3000; i++)
        {
            var text = new StringBuilder();
            int length = random.Next(0, 40);
            for (int j = 0; j < length; j++)
            {
                text.Append(random.Next(3) == 0 ? Words[random.Next(Words.Length)] + " " : Alphabet[random.Next(Alphabet.Length)]);
            }

            Check(text.ToString());
        }
    }

    [Fact]
    public void Parse_EveryPrefixOfEveryCanonicalStatement_NeverThrowsAndAnswersConsistently()
    {
        foreach (string sql in Corpus)
        {
            for (int length = 0; length <= sql.Length; length++)
            {
                Check(sql[..length]);
            }
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void Parse_MutatedCanonicalStatements_NeverThrowsAndAnswersConsistently(int seed)
    {
        var random = new Random(seed);
        foreach (string sql in Corpus)
        {
            for (int i = 0; i < 30; i++)
            {
                Check(Mutate(sql, random));
            }
        }
    }

    private static string Mutate(string sql, Random random)
    {
        var words = new List<string>(sql.Split(' '));
        int at = random.Next(words.Count);
        switch (random.Next(5))
        {
            case 0: words.RemoveAt(at); break;
            case 1: words.Insert(at, Words[random.Next(Words.Length)]); break;
            case 2: words[at] = Words[random.Next(Words.Length)]; break;
            case 3: (words[at], words[^1]) = (words[^1], words[at]); break;
            default:
                string word = words[at];
                int index = random.Next(word.Length + 1);
                words[at] = word[..index] + Alphabet[random.Next(Alphabet.Length)] + word[index..];
                break;
        }

        return random.Next(4) == 0 ? string.Join(' ', words).ToLowerInvariant() : string.Join(' ', words);
    }

    private static void Check(string sql)
    {
        SqlResult<IReadOnlyList<Statement>> result;
        try
        {
            result = SqlParser.Parse(sql);
        }
        catch (Exception exception) when (exception is not ArgumentNullException)
        {
            Assert.Fail($"Parse threw on {Show(sql)}: {exception}");
            throw;
        }

        if (result.IsSuccess)
        {
            string printed = string.Join(";\n", result.Value.Select(statement => statement.ToSql()));
            SqlResult<IReadOnlyList<Statement>> reparsed = SqlParser.Parse(printed);
            Assert.True(reparsed.IsSuccess, $"{Show(sql)} printed as {Show(printed)}, which fails: {reparsed.Error}");
            Assert.True(result.Value.SequenceEqual(reparsed.Value), $"{Show(sql)} printed as {Show(printed)}, which differs");
        }
        else
        {
            SqlErrorCode? row = SqlErrors.All.FirstOrDefault(row => row.Code == result.Error.Code);
            Assert.True(row is not null, $"{Show(sql)} answered code {result.Error.Code}");
            Assert.Equal(row.SqlState, result.Error.SqlState);
            Assert.StartsWith(row.MessagePrefix, result.Error.Message, StringComparison.Ordinal);
        }
    }

    private static string Show(string sql) => "\"" + sql.ReplaceLineEndings("\\n") + "\"";
}
