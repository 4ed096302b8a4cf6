using System.Text.Json;

namespace MountViz.Linux.Tests.Vectors;

/// <summary>Reads one vector object (schema of the document's §5), strictly: unknown shapes are errors, not guesses.</summary>
internal static class VectorJson
{
    public static PropagationVector Read(JsonElement vector, string origin)
    {
        string id = String(vector, "id", origin, "?") ?? throw Bad(origin, "?", "has no \"id\"");
        JsonElement expect = vector.TryGetProperty("expect", out JsonElement e) && e.ValueKind == JsonValueKind.Object
            ? e
            : throw Bad(origin, id, "has no \"expect\" object");
        return new PropagationVector(
            id,
            String(vector, "title", origin, id) ?? "",
            Strings(vector, "rules", origin, id),
            Strings(vector, "setup", origin, id),
            String(vector, "op", origin, id) ?? throw Bad(origin, id, "has no \"op\""),
            ReadExpectation(expect, origin, id),
            String(vector, "note", origin, id));
    }

    private static VectorExpectation ReadExpectation(JsonElement expect, string origin, string id)
    {
        bool succeeds = true;
        if (expect.TryGetProperty("rc", out JsonElement rc))
        {
            succeeds = rc.ValueKind switch
            {
                JsonValueKind.Number when rc.GetInt32() == 0 => true,
                JsonValueKind.String when rc.GetString() == "nonzero" => false,
                _ => throw Bad(origin, id, $"has \"rc\": {rc.GetRawText()}; the schema allows 0 or \"nonzero\""),
            };
        }

        var namespaces = new Dictionary<string, NamespaceExpectation>(StringComparer.Ordinal);
        if (expect.TryGetProperty("ns", out JsonElement ns))
        {
            foreach (JsonProperty space in ns.EnumerateObject())
            {
                namespaces[space.Name] = new NamespaceExpectation(
                    Mounts(space.Value, "added", origin, id),
                    Mounts(space.Value, "removed", origin, id),
                    Mounts(space.Value, "changed", origin, id));
                foreach (JsonProperty category in space.Value.EnumerateObject())
                {
                    if (category.Name is not ("added" or "removed" or "changed"))
                    {
                        throw Bad(origin, id, $"names category \"{category.Name}\" in namespace {space.Name}; the schema has added, removed and changed");
                    }
                }
            }
        }

        return new VectorExpectation(succeeds, String(expect, "errno", origin, id), Strings(expect, "output_contains", origin, id), namespaces);
    }

    private static List<VectorMountPattern> Mounts(JsonElement space, string category, string origin, string id)
    {
        if (!space.TryGetProperty(category, out JsonElement list))
        {
            return [];
        }

        var mounts = new List<VectorMountPattern>();
        foreach (JsonElement m in list.EnumerateArray())
        {
            foreach (JsonProperty field in m.EnumerateObject())
            {
                if (field.Name is not ("path" or "src" or "tags" or "root" or "on" or "from"))
                {
                    throw Bad(origin, id, $"has mount field \"{field.Name}\"; the schema has path, src, tags, root, on and from");
                }
            }

            mounts.Add(new VectorMountPattern(
                String(m, "path", origin, id),
                String(m, "src", origin, id),
                String(m, "tags", origin, id),
                String(m, "root", origin, id),
                String(m, "on", origin, id),
                String(m, "from", origin, id)));
        }

        return mounts;
    }

    private static string? String(JsonElement o, string name, string origin, string id)
    {
        if (!o.TryGetProperty(name, out JsonElement value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw Bad(origin, id, $"has \"{name}\": {value.GetRawText()}, expected a string");
    }

    private static List<string> Strings(JsonElement o, string name, string origin, string id)
    {
        if (!o.TryGetProperty(name, out JsonElement value))
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Bad(origin, id, $"has \"{name}\": {value.GetRawText()}, expected an array of strings");
        }

        return [.. value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : throw Bad(origin, id, $"has a non-string in \"{name}\""))];
    }

    private static FormatException Bad(string origin, string id, string what) => new($"{origin}: vector {id} {what}.");
}
