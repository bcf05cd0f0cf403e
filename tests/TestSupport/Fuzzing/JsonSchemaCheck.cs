using System.Text.Json;

namespace SuperHeroes.Tests.Fuzzing;

/// <summary>
/// The part of JSON Schema an ASP.NET Core OpenAPI document uses for its responses: <c>$ref</c>, <c>type</c> (one
/// or a list), <c>properties</c>, <c>required</c>, <c>items</c>, <c>pattern</c> on numbers written as strings.
/// </summary>
public static class JsonSchemaCheck
{
    /// <summary>What is wrong with <paramref name="value"/> at <paramref name="path"/>, or null when it fits.</summary>
    public static string? Validate(JsonElement value, JsonElement schema, JsonElement document, string path)
    {
        schema = Resolve(schema, document);
        if (schema.TryGetProperty("type", out var type))
        {
            string[] types = type.ValueKind == JsonValueKind.Array ? [.. type.EnumerateArray().Select(t => t.GetString()!)] : [type.GetString()!];
            if (!types.Any(t => Fits(value, t)))
                return $"{path} is {value.ValueKind}, the document says {string.Join(" or ", types)}";
        }
        if (value.ValueKind == JsonValueKind.Object)
        {
            if (schema.TryGetProperty("required", out var required))
            {
                foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
                {
                    if (!value.TryGetProperty(name, out _))
                        return $"{path}.{name} is required and missing";
                }
            }
            if (schema.TryGetProperty("properties", out var properties))
            {
                foreach (var property in value.EnumerateObject())
                {
                    if (properties.TryGetProperty(property.Name, out var propertySchema)
                        && Validate(property.Value, propertySchema, document, $"{path}.{property.Name}") is { } problem)
                        return problem;
                }
            }
        }
        if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                if (Validate(item, items, document, $"{path}[{i++}]") is { } problem)
                    return problem;
            }
        }
        return null;
    }

    public static JsonElement Resolve(JsonElement schema, JsonElement document)
    {
        while (schema.TryGetProperty("$ref", out var reference))
        {
            schema = reference.GetString()!.TrimStart('#', '/').Split('/')
                .Aggregate(document, (node, part) => node.GetProperty(part.Replace("~1", "/").Replace("~0", "~")));
        }
        return schema;
    }

    private static bool Fits(JsonElement value, string type) => (type, value.ValueKind) switch
    {
        ("null", JsonValueKind.Null) => true,
        ("string", JsonValueKind.String) => true,
        ("boolean", JsonValueKind.True or JsonValueKind.False) => true,
        ("integer", JsonValueKind.Number) => value.TryGetInt64(out _),
        ("number", JsonValueKind.Number) => true,
        ("object", JsonValueKind.Object) => true,
        ("array", JsonValueKind.Array) => true,
        _ => false,
    };
}
