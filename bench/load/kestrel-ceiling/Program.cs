// The machine's HTTP ceiling: Kestrel with no middleware answering 555 bytes (about a small
// manifest) to GET /. bench/load/auth.sh measures it with the same wrk settings as Floe.
byte[] body = new byte[555];
Array.Fill(body, (byte)'x');
WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
WebApplication app = builder.Build();
app.MapGet("/", () => Results.Bytes(body, "application/octet-stream"));
await app.RunAsync();
