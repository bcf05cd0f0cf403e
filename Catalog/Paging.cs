using Microsoft.AspNetCore.Http;

namespace SuperHeroes.Catalog;

/// <summary>
/// No catalog list is unbounded: a page holds at most <see cref="MaxSize"/> rows, and a <c>Link: rel="next"</c>
/// header says when there is more (found by reading one row past the page, so a large table is never counted).
/// </summary>
public readonly record struct Paging(int Page, int Size)
{
    public const int MaxSize = 1000;

    public long Offset => (long)Page * Size;

    /// <summary>The rows to read: one past the page.</summary>
    public int Limit => Size + 1;

    public static Paging? From(int? page, int? size, out Dictionary<string, string[]> errors)
    {
        errors = [];
        if (page < 0)
            errors["page"] = ["The page must be 0 or more."];
        if (size is < 1 or > MaxSize)
            errors["size"] = [$"The size must be 1 to {MaxSize}."];
        return errors.Count > 0 ? null : new Paging(page ?? 0, size ?? MaxSize);
    }

    /// <summary>The page of <paramref name="rows"/> (read with <see cref="Limit"/>), with the Link header when more follow.</summary>
    public IReadOnlyList<T> Apply<T>(IReadOnlyList<T> rows, HttpContext http)
    {
        if (rows.Count <= Size)
            return rows;
        var query = http.Request.Query
            .Where(q => q.Key is not ("page" or "size"))
            .Select(q => KeyValuePair.Create(q.Key, (string?)q.Value.ToString()))
            .Append(KeyValuePair.Create("page", (string?)(Page + 1).ToString()))
            .Append(KeyValuePair.Create("size", (string?)Size.ToString()));
        http.Response.Headers.Link = $"<{http.Request.PathBase}{http.Request.Path}{QueryString.Create(query)}>; rel=\"next\"";
        return rows.Take(Size).ToList();
    }
}
