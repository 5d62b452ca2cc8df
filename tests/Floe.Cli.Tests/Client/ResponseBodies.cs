namespace Floe.Cli.Tests.Client;

/// <summary>Answers of the SQL API as the contract shapes them.</summary>
internal static class ResponseBodies
{
    public const string SingleStatement = """
        {"code":"090001","sqlState":"00000","message":"Statement executed successfully.",
         "statementHandle":"01b2c3d4-0000-0000-0000-000000000001",
         "resultSetMetaData":{"numRows":2,"format":"jsonv2","rowType":[
            {"name":"name","type":"text","nullable":false},
            {"name":"comment","type":"text","nullable":true}]},
         "data":[["REPO_A","first"],["REPO_B",null]]}
        """;

    public const string TwoStatements = """
        {"results":[
          {"code":"090001","sqlState":"00000","message":"Statement executed successfully.","statementHandle":"h1",
           "resultSetMetaData":{"numRows":1,"format":"jsonv2","rowType":[{"name":"status","type":"text","nullable":false}]},
           "data":[["Statement executed successfully."]]},
          {"code":"090001","sqlState":"00000","message":"Statement executed successfully.","statementHandle":"h2",
           "resultSetMetaData":{"numRows":1,"format":"jsonv2","rowType":[
              {"name":"CURRENT_ROLE()","type":"text","nullable":true},{"name":"CURRENT_DATABASE()","type":"text","nullable":true}]},
           "data":[["SYSADMIN",null]]}
        ]}
        """;

    public const string SqlError = """
        {"code":"002003","sqlState":"02000","message":"SQL compilation error:\nImage Repository 'NOPE' does not exist or not authorized.",
         "statementHandle":"01b2c3d4-0000-0000-0000-000000000002"}
        """;
}
