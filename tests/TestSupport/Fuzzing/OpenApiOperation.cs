using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;

namespace SuperHeroes.Tests.Fuzzing;

/// <summary>An operation of an OpenAPI document and the generators of requests to it.</summary>
public sealed record OpenApiOperation(string Method, string Template, IReadOnlyList<OpenApiOperation.Parameter> Parameters,
    JsonElement? BodySchema, IReadOnlyDictionary<int, JsonElement> ResponseSchemas, JsonElement Document)
{
    public sealed record Parameter(string Name, string In, JsonElement Schema);

    public static IReadOnlyList<OpenApiOperation> Read(JsonElement document) =>
    [
        .. from path in document.GetProperty("paths").EnumerateObject()
           from op in path.Value.EnumerateObject()
           select new OpenApiOperation(op.Name, path.Name,
               op.Value.TryGetProperty("parameters", out var ps)
                   ? [.. ps.EnumerateArray().Select(p => new Parameter(p.GetProperty("name").GetString()!, p.GetProperty("in").GetString()!, p.GetProperty("schema")))]
                   : [],
               op.Value.TryGetProperty("requestBody", out var body) ? JsonSchema(body) : null,
               op.Value.TryGetProperty("responses", out var rs)
                   ? rs.EnumerateObject().Where(r => int.TryParse(r.Name, out _) && JsonSchema(r.Value) is not null)
                       .ToDictionary(r => int.Parse(r.Name), r => JsonSchema(r.Value)!.Value)
                   : new Dictionary<int, JsonElement>(),
               document),
    ];

    public JsonElement? ResponseSchema(int status) => ResponseSchemas.TryGetValue(status, out var s) ? s : null;

    private static JsonElement? JsonSchema(JsonElement withContent) =>
        withContent.TryGetProperty("content", out var content) && content.TryGetProperty("application/json", out var json)
            && json.TryGetProperty("schema", out var schema) ? schema : null;

    /// <summary>Requests to this operation: its path and query parameters filled with valid or mutated values, and a body.</summary>
    public Gen<FuzzRequest> Requests()
    {
        var path = Parameters.Where(p => p.In == "path")
            .Aggregate(Gen.Const(Template), (g, p) => g.SelectMany(t => PathValue(p.Schema).Select(v => t.Replace($"{{{p.Name}}}", Uri.EscapeDataString(v)))));
        var query = Parameters.Where(p => p.In == "query")
            .Aggregate(Gen.Const(""), (g, p) => g.SelectMany(q => Gen.Frequency(
                (2, Gen.Const(q)),
                (3, Value(p.Schema).Select(v => $"{q}&{p.Name}={Uri.EscapeDataString(v)}")),
                // The same key twice.
                (1, Value(p.Schema).Select(Value(p.Schema), (a, b) => $"{q}&{p.Name}={Uri.EscapeDataString(a)}&{p.Name}={Uri.EscapeDataString(b)}")))));
        var body = BodySchema is { } schema ? Bodies(schema) : Gen.Const((string?)null);
        return Gen.Select(path, query, body, (p, q, b) => new FuzzRequest(this, q.Length == 0 ? p : $"{p}?{q[1..]}", b));
    }

    private static readonly Gen<string> Text = Gen.Frequency(
        (4, Gen.String[0, 40]),
        (1, Gen.OneOf(Gen.Const(""), Gen.Const(" "), Gen.Const("%"), Gen.Const("_"), Gen.Const("\\"), Gen.Const("ü"), Gen.Const("😀"),
            Gen.Const("\u0000"), Gen.Const("' OR 1=1 --"), Gen.Const("<script>"), Gen.Const(new string('x', 10_000)))));

    private static readonly Gen<string> Integer = Gen.Frequency(
        (4, Gen.Long[-3, 250].Select(n => n.ToString())),
        (2, Gen.OneOf(Gen.Const("0"), Gen.Const("-1"), Gen.Const("2147483648"), Gen.Const("9223372036854775807"),
            Gen.Const("9223372036854775808"), Gen.Const("-9223372036854775809"), Gen.Const(new string('9', 40)),
            Gen.Const("1.5"), Gen.Const("1e3"), Gen.Const("0x10"), Gen.Const(" 1"))),
        (1, Text));

    /// <summary>
    /// A path segment: not empty (that is another route's path, judged by another schema) and without U+0000, which
    /// the server refuses before any route (Kestrel answers 400; the in-memory test server throws instead).
    /// </summary>
    private static Gen<string> PathValue(JsonElement schema) => Value(schema).Where(v => v.Length > 0 && !v.Contains('\0'));

    /// <summary>A path or query value of the schema's type, or not.</summary>
    private static Gen<string> Value(JsonElement schema) => Types(schema).Contains("integer") ? Integer : Text;

    private Gen<string?> Bodies(JsonElement schema)
    {
        var valid = Json(schema, depth: 0).Select(n => (string?)(n?.ToJsonString() ?? "null"));
        return Gen.Frequency(
            (4, valid),
            (3, Json(schema, depth: 0).SelectMany(n => Junk(0).Select(j => (string?)Mutate(n, j)))),
            (1, valid.Select(v => (string?)DuplicateFirstKey(v!))),
            (1, Gen.OneOf<string?>(Gen.Const((string?)null), Gen.Const<string?>(""), Gen.Const<string?>("{"), Gen.Const<string?>("[]"),
                Gen.Const<string?>("null"), Gen.Const<string?>("\"x\""), Gen.Const<string?>("{\"name\":\"\\ud800\"}"),
                Gen.Const<string?>(new string('[', 500) + new string(']', 500)), Gen.Const<string?>("{\"level\":1e400}"),
                Gen.Const<string?>("{\"name\":\"" + new string('a', 200_000) + "\"}"))));
    }

    /// <summary>A JSON value the schema allows.</summary>
    private Gen<JsonNode?> Json(JsonElement schema, int depth)
    {
        schema = JsonSchemaCheck.Resolve(schema, Document);
        var types = Types(schema);
        if (types.Count == 0 || depth > 4)
            return Gen.Const((JsonNode?)null);
        return Gen.OneOf([.. types.Select(type => type switch
        {
            "object" => Object(schema, depth),
            "array" => schema.TryGetProperty("items", out var items)
                ? Json(items, depth + 1).Array[0, 3].Select(a => (JsonNode?)new JsonArray([.. a]))
                : Gen.Const<JsonNode?>(() => new JsonArray()),
            "integer" => Gen.Frequency((4, Gen.Int[-2, 120].Select(i => (JsonNode?)JsonValue.Create(i))),
                (1, Gen.Long.Select(l => (JsonNode?)JsonValue.Create(l)))),
            "number" => Gen.Double.Select(d => (JsonNode?)(double.IsFinite(d) ? JsonValue.Create(d) : JsonValue.Create(0.5))),
            "boolean" => Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
            "string" => Text.Select(s => (JsonNode?)JsonValue.Create(s)),
            _ => Gen.Const((JsonNode?)null),
        })]);
    }

    private Gen<JsonNode?> Object(JsonElement schema, int depth)
    {
        var properties = schema.TryGetProperty("properties", out var ps) ? ps.EnumerateObject().ToList() : [];
        return properties.Aggregate(Gen.Const(new List<(string, JsonNode?)>()), (g, p) => g.SelectMany(list => Gen.Frequency(
                (1, Gen.Const(list)),
                (6, Json(p.Value, depth + 1).Select(v => new List<(string, JsonNode?)>(list) { (p.Name, v) })))))
            .Select(list => (JsonNode?)new JsonObject(list.Select(x => KeyValuePair.Create(x.Item1, x.Item2))));
    }

    /// <summary>JSON of any shape: the wrong type for whatever it replaces.</summary>
    private static Gen<JsonNode?> Junk(int depth)
    {
        var scalar = Gen.OneOf(Gen.Const((JsonNode?)null), Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
            Gen.Long.Select(l => (JsonNode?)JsonValue.Create(l)), Gen.Double.Select(d => (JsonNode?)JsonValue.Create(double.IsFinite(d) ? d : 1e308)),
            Text.Select(s => (JsonNode?)JsonValue.Create(s)));
        if (depth >= 3)
            return scalar;
        var inner = Junk(depth + 1);
        return Gen.Frequency(
            (3, scalar),
            (1, inner.Array[0, 3].Select(a => (JsonNode?)new JsonArray([.. a]))),
            (1, inner.Select(j => (JsonNode?)new JsonObject { ["nested"] = j })));
    }

    /// <summary>The value with one property (or the whole value, when it has none) replaced by <paramref name="junk"/>.</summary>
    private static string Mutate(JsonNode? value, JsonNode? junk)
    {
        var target = value is JsonArray { Count: > 0 } array ? array[0] : value;
        if (target is JsonObject { Count: > 0 } obj)
        {
            var key = obj.ElementAt(Math.Abs(junk?.ToJsonString().Length ?? 0) % obj.Count).Key;
            obj[key] = junk;
            return value!.ToJsonString();
        }
        return junk?.ToJsonString() ?? "null";
    }

    /// <summary>The object's first key once more, with another value: JSON that most parsers take, one way or the other.</summary>
    private static string DuplicateFirstKey(string json)
    {
        var at = json.IndexOf('{');
        var colon = at < 0 ? -1 : json.IndexOf("\":", at, StringComparison.Ordinal);
        return colon < 0 ? json : json.Insert(at + 1, json[(at + 1)..(colon + 2)] + "12345,");
    }

    private static List<string> Types(JsonElement schema) => !schema.TryGetProperty("type", out var type) ? ["object"]
        : type.ValueKind == JsonValueKind.Array ? [.. type.EnumerateArray().Select(t => t.GetString()!)]
        : [type.GetString()!];
}
