using Microsoft.AspNetCore.Http;

namespace SuperHeroes.Catalog;

/// <summary>
/// No catalog list is unbounded: a page holds at most <see cref="MaxSize"/> rows, and a <c>Link: rel="next"</c>
/// header says when there is more (found by reading one row past the page, so a large table is never counted).
/// The next page is named by the last id seen (<c>after</c>): one index range scan however deep the page. A client
/// that asks by number (<c>page</c>, the Python system's form) keeps getting numbered links; that form skips the
/// earlier rows one by one, so its cost grows with the page number.
/// </summary>
public readonly record struct Paging(int Page, int Size, long? After, bool ByNumber)
{
    public const int MaxSize = 1000;

    public long Offset => (long)Page * Size;

    /// <summary>The id the page starts after (below every id when the list starts at its beginning).</summary>
    public long AfterId => After ?? long.MinValue;

    /// <summary>The rows to read: one past the page.</summary>
    public int Limit => Size + 1;

    public static Paging? From(int? page, int? size, long? after, out Dictionary<string, string[]> errors)
    {
        errors = [];
        if (page < 0)
            errors["page"] = ["The page must be 0 or more."];
        if (size is < 1 or > MaxSize)
            errors["size"] = [$"The size must be 1 to {MaxSize}."];
        if (page is not null && after is not null)
            errors["after"] = ["Give the page by number (page) or by the last id seen (after), not both."];
        return errors.Count > 0 ? null : new Paging(page ?? 0, size ?? MaxSize, after, ByNumber: page is not null);
    }

    /// <summary>The page of <paramref name="rows"/> (read with <see cref="Limit"/>), with the Link header when more follow.</summary>
    public IReadOnlyList<T> Apply<T>(IReadOnlyList<T> rows, HttpContext http) where T : ICatalogRow<T>
    {
        if (rows.Count <= Size)
            return rows;
        var page = rows.Take(Size).ToList();
        var next = ByNumber ? ("page", (Page + 1).ToString()) : ("after", page[^1].Id.ToString());
        var query = http.Request.Query
            .Where(q => q.Key is not ("page" or "size" or "after"))
            .Select(q => KeyValuePair.Create(q.Key, (string?)q.Value.ToString()))
            .Append(KeyValuePair.Create(next.Item1, (string?)next.Item2))
            .Append(KeyValuePair.Create("size", (string?)Size.ToString()));
        http.Response.Headers.Link = $"<{http.Request.PathBase}{http.Request.Path}{QueryString.Create(query)}>; rel=\"next\"";
        return page;
    }
}
