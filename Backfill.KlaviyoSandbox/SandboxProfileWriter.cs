using System.Globalization;
using System.Text.Json;

namespace Backfill.KlaviyoSandbox;

internal static class SandboxProfileWriter
{
    public static void Write(Utf8JsonWriter w, string root, SandboxCatalog catalog, SandboxProfile p, SandboxFields fields)
    {
        w.WriteStartObject();
        w.WriteString("type", "profile");
        w.WriteString("id", p.Id);
        w.WriteStartObject("attributes");
        if (fields.Has("email"))
        {
            w.WriteString("email", p.Email);
        }
        if (fields.Has("phone_number"))
        {
            SandboxJsonApi.StringOrNull(w, "phone_number", p.PhoneNumber);
        }
        if (fields.Has("external_id"))
        {
            SandboxJsonApi.StringOrNull(w, "external_id", p.ExternalId);
        }
        if (fields.Has("first_name"))
        {
            w.WriteString("first_name", p.FirstName);
        }
        if (fields.Has("last_name"))
        {
            w.WriteString("last_name", p.LastName);
        }
        if (fields.Has("organization"))
        {
            w.WriteNull("organization");
        }
        if (fields.Has("locale"))
        {
            w.WriteString("locale", catalog.Account.Locale);
        }
        if (fields.Has("title"))
        {
            w.WriteNull("title");
        }
        if (fields.Has("image"))
        {
            w.WriteNull("image");
        }
        if (fields.Has("created"))
        {
            w.WriteString("created", SandboxCatalog.Iso(p.Created));
        }
        if (fields.Has("updated"))
        {
            w.WriteString("updated", SandboxCatalog.Iso(p.Created.AddDays(3)));
        }
        if (fields.Has("last_event_date"))
        {
            w.WriteNull("last_event_date");
        }
        if (fields.HasAny("location"))
        {
            w.WriteStartObject("location");
            void Field(string name, string? value)
            {
                if (fields.HasChild("location", name))
                {
                    SandboxJsonApi.StringOrNull(w, name, value);
                }
            }
            Field("address1", p.Address1);
            Field("address2", null);
            Field("city", p.City.City);
            Field("country", p.City.Country);
            Field("region", p.City.Region);
            Field("zip", p.City.Zip);
            Field("timezone", p.City.TimeZone);
            Field("ip", string.Create(CultureInfo.InvariantCulture, $"198.51.100.{(int)(SandboxRandom.HashString(p.Id) % 250) + 1}"));
            if (fields.HasChild("location", "latitude"))
            {
                w.WriteNull("latitude");
            }
            if (fields.HasChild("location", "longitude"))
            {
                w.WriteNull("longitude");
            }
            w.WriteEndObject();
        }
        if (fields.Has("properties"))
        {
            w.WriteStartObject("properties");
            w.WriteEndObject();
        }
        w.WriteEndObject();
        SandboxJsonApi.SelfLink(w, root, "profiles/" + p.Id);
        w.WriteEndObject();
    }
}
