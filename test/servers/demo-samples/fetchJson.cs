using System.Net.Http.Json;

using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
var todo = await http.GetFromJsonAsync<Todo>("https://jsonplaceholder.typicode.com/todos/1");
Console.WriteLine(todo);

public record Todo(int UserId, int Id, string Title, bool Completed);
