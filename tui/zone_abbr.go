package tui

import (
	"fmt"
	"strings"
	"sync"
	"time"
)

// zoneAbbr is the zone abbreviation people know for t's zone: the tz
// database's own where it has one (CET, EAT, PKT…); where it only has a
// number ("-03"), the common English abbreviation below (as used by
// timeanddate.com's list of time zone abbreviations); else "UTC-3".
func zoneAbbr(t time.Time) string {
	name, off := t.Zone()
	if name != "" && name[0] != '+' && name[0] != '-' {
		return name
	}
	if a, ok := knownAbbr[t.Location().String()]; ok {
		if t.IsDST() && a[1] != "" {
			return a[1]
		}
		if !t.IsDST() {
			return a[0]
		}
	}
	return utcOffset(off)
}

// utcOffset writes an offset as "UTC+5:30", "UTC-3" or "UTC".
func utcOffset(off int) string {
	if off == 0 {
		return "UTC"
	}
	sign := "+"
	if off < 0 {
		sign, off = "-", -off
	}
	h, m := off/3600, off%3600/60
	if m != 0 {
		return fmt.Sprintf("UTC%s%d:%02d", sign, h, m)
	}
	return fmt.Sprintf("UTC%s%d", sign, h)
}

// clock is "15:04 CET".
func clock(t time.Time) string { return t.Format("15:04") + " " + zoneAbbr(t) }

// eventClock is clock with seconds, "15:04:05 CET", for live counts.
func eventClock(t time.Time) string { return t.Format("15:04:05") + " " + zoneAbbr(t) }

// knownAbbr maps zones whose tz abbreviation is numeric to the standard
// and summer-time abbreviations in common use ("" when there is none).
var knownAbbr = map[string][2]string{
	"America/Argentina/Buenos_Aires": {"ART", ""},
	"America/Argentina/Catamarca":    {"ART", ""},
	"America/Argentina/Cordoba":      {"ART", ""},
	"America/Argentina/Jujuy":        {"ART", ""},
	"America/Argentina/La_Rioja":     {"ART", ""},
	"America/Argentina/Mendoza":      {"ART", ""},
	"America/Argentina/Rio_Gallegos": {"ART", ""},
	"America/Argentina/Salta":        {"ART", ""},
	"America/Argentina/San_Juan":     {"ART", ""},
	"America/Argentina/San_Luis":     {"ART", ""},
	"America/Argentina/Tucuman":      {"ART", ""},
	"America/Argentina/Ushuaia":      {"ART", ""},
	"America/Sao_Paulo":              {"BRT", ""},
	"America/Bahia":                  {"BRT", ""},
	"America/Fortaleza":              {"BRT", ""},
	"America/Recife":                 {"BRT", ""},
	"America/Belem":                  {"BRT", ""},
	"America/Maceio":                 {"BRT", ""},
	"America/Araguaina":              {"BRT", ""},
	"America/Santarem":               {"BRT", ""},
	"America/Manaus":                 {"AMT", ""},
	"America/Cuiaba":                 {"AMT", ""},
	"America/Campo_Grande":           {"AMT", ""},
	"America/Porto_Velho":            {"AMT", ""},
	"America/Boa_Vista":              {"AMT", ""},
	"America/Rio_Branco":             {"ACT", ""},
	"America/Eirunepe":               {"ACT", ""},
	"America/Noronha":                {"FNT", ""},
	"America/Bogota":                 {"COT", ""},
	"America/Lima":                   {"PET", ""},
	"America/Guayaquil":              {"ECT", ""},
	"America/La_Paz":                 {"BOT", ""},
	"America/Caracas":                {"VET", ""},
	"America/Asuncion":               {"PYT", "PYST"},
	"America/Montevideo":             {"UYT", ""},
	"America/Santiago":               {"CLT", "CLST"},
	"America/Guyana":                 {"GYT", ""},
	"America/Paramaribo":             {"SRT", ""},
	"America/Cayenne":                {"GFT", ""},
	"America/Nuuk":                   {"WGT", "WGST"},
	"Atlantic/Azores":                {"AZOT", "AZOST"},
	"Atlantic/Cape_Verde":            {"CVT", ""},
	"Atlantic/Stanley":               {"FKST", ""},
	"Asia/Dubai":                     {"GST", ""},
	"Asia/Muscat":                    {"GST", ""},
	"Asia/Riyadh":                    {"AST", ""},
	"Asia/Kuwait":                    {"AST", ""},
	"Asia/Aden":                      {"AST", ""},
	"Asia/Bahrain":                   {"AST", ""},
	"Asia/Qatar":                     {"AST", ""},
	"Asia/Baghdad":                   {"AST", ""},
	"Asia/Tehran":                    {"IRST", ""},
	"Asia/Kabul":                     {"AFT", ""},
	"Asia/Baku":                      {"AZT", ""},
	"Asia/Tbilisi":                   {"GET", ""},
	"Asia/Yerevan":                   {"AMT", ""},
	"Asia/Tashkent":                  {"UZT", ""},
	"Asia/Samarkand":                 {"UZT", ""},
	"Asia/Dushanbe":                  {"TJT", ""},
	"Asia/Bishkek":                   {"KGT", ""},
	"Asia/Ashgabat":                  {"TMT", ""},
	"Asia/Kathmandu":                 {"NPT", ""},
	"Asia/Dhaka":                     {"BST", ""},
	"Asia/Thimphu":                   {"BTT", ""},
	"Asia/Colombo":                   {"IST", ""},
	"Asia/Yangon":                    {"MMT", ""},
	"Asia/Bangkok":                   {"ICT", ""},
	"Asia/Ho_Chi_Minh":               {"ICT", ""},
	"Asia/Phnom_Penh":                {"ICT", ""},
	"Asia/Vientiane":                 {"ICT", ""},
	"Asia/Kuala_Lumpur":              {"MYT", ""},
	"Asia/Kuching":                   {"MYT", ""},
	"Asia/Singapore":                 {"SGT", ""},
	"Asia/Brunei":                    {"BNT", ""},
	"Asia/Dili":                      {"TLT", ""},
	"Asia/Ulaanbaatar":               {"ULAT", ""},
	"Asia/Yekaterinburg":             {"YEKT", ""},
	"Asia/Omsk":                      {"OMST", ""},
	"Asia/Novosibirsk":               {"NOVT", ""},
	"Asia/Krasnoyarsk":               {"KRAT", ""},
	"Asia/Irkutsk":                   {"IRKT", ""},
	"Asia/Yakutsk":                   {"YAKT", ""},
	"Asia/Vladivostok":               {"VLAT", ""},
	"Asia/Magadan":                   {"MAGT", ""},
	"Asia/Kamchatka":                 {"PETT", ""},
	"Europe/Samara":                  {"SAMT", ""},
	"Europe/Istanbul":                {"TRT", ""},
	"Indian/Maldives":                {"MVT", ""},
	"Indian/Mauritius":               {"MUT", ""},
	"Indian/Reunion":                 {"RET", ""},
	"Indian/Mahe":                    {"SCT", ""},
	"Pacific/Fiji":                   {"FJT", ""},
	"Pacific/Apia":                   {"WST", ""},
	"Pacific/Tongatapu":              {"TOT", ""},
	"Pacific/Port_Moresby":           {"PGT", ""},
	"Pacific/Noumea":                 {"NCT", ""},
	"Pacific/Efate":                  {"VUT", ""},
	"Pacific/Guadalcanal":            {"SBT", ""},
	"Pacific/Tahiti":                 {"TAHT", ""},
	"Pacific/Palau":                  {"PWT", ""},
}

// zoneAbbrs maps every offered zone to its abbreviations in winter and in
// summer of this year (one entry when they are the same), for finding
// zones by "EAT" or "CET". Numeric ones ("UTC+3") are left out.
var zoneAbbrs = sync.OnceValue(func() map[string][]string {
	year := time.Now().Year()
	out := make(map[string][]string, len(zoneEntries))
	for _, z := range zoneEntries {
		loc, err := time.LoadLocation(z.zone)
		if err != nil {
			continue
		}
		var abbrs []string
		for _, month := range []time.Month{time.January, time.July} {
			a := zoneAbbr(time.Date(year, month, 15, 12, 0, 0, 0, loc))
			if !strings.HasPrefix(a, "UTC") && (len(abbrs) == 0 || abbrs[0] != a) {
				abbrs = append(abbrs, a)
			}
		}
		if len(abbrs) > 0 {
			out[z.zone] = abbrs
		}
	}
	return out
})

// hasAbbr reports whether key (lower case) is the abbreviation of some
// offered zone.
func hasAbbr(key string) bool {
	if len(key) < 2 || len(key) > 5 || strings.ContainsAny(key, " /") {
		return false
	}
	for _, abbrs := range zoneAbbrs() {
		for _, a := range abbrs {
			if strings.ToLower(a) == key {
				return true
			}
		}
	}
	return false
}
