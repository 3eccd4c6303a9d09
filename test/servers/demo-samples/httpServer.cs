// Program.cs of an ASP.NET Core app: dotnet new web, then replace Program.cs with this.
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

app.MapGet("/health", () => Results.Ok(new { status = "ok", time = DateTimeOffset.UtcNow }));
app.MapGet("/hello/{name}", (string name) => $"Hello, {name}!");

app.Run("http://127.0.0.1:5000");
