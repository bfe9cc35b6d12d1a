// Package country is the one table of country codes in wflint: the 249
// officially assigned ISO 3166-1 alpha-2 codes with English short names,
// plus the codes Cloudflare writes in ip.src.country and in Logpush's
// ClientCountry (T1 for Tor, XX for unknown, and the user-assigned XK for
// Kosovo). It is embedded rather than taken from a library so that lint
// results do not change with a dependency update.
//
// The analyzer's invalid-country-code rule, report validation's topCountries
// check and the language server's completion all read it.
package country

import "strings"

// Country is one code and its English short name.
type Country struct {
	Code string
	Name string
}

// All lists every known code: ISO 3166-1 alpha-2 in code order, then
// Cloudflare's T1, XX and XK.
var All = func() []Country {
	const iso = "AD Andorra|AE United Arab Emirates|AF Afghanistan|AG Antigua and Barbuda|AI Anguilla|AL Albania|AM Armenia|" +
		"AO Angola|AQ Antarctica|AR Argentina|AS American Samoa|AT Austria|AU Australia|AW Aruba|AX Åland Islands|" +
		"AZ Azerbaijan|BA Bosnia and Herzegovina|BB Barbados|BD Bangladesh|BE Belgium|BF Burkina Faso|BG Bulgaria|" +
		"BH Bahrain|BI Burundi|BJ Benin|BL Saint Barthélemy|BM Bermuda|BN Brunei|BO Bolivia|BQ Caribbean Netherlands|" +
		"BR Brazil|BS Bahamas|BT Bhutan|BV Bouvet Island|BW Botswana|BY Belarus|BZ Belize|CA Canada|" +
		"CC Cocos (Keeling) Islands|CD DR Congo|CF Central African Republic|CG Congo|CH Switzerland|CI Côte d'Ivoire|" +
		"CK Cook Islands|CL Chile|CM Cameroon|CN China|CO Colombia|CR Costa Rica|CU Cuba|CV Cabo Verde|CW Curaçao|" +
		"CX Christmas Island|CY Cyprus|CZ Czechia|DE Germany|DJ Djibouti|DK Denmark|DM Dominica|DO Dominican Republic|" +
		"DZ Algeria|EC Ecuador|EE Estonia|EG Egypt|EH Western Sahara|ER Eritrea|ES Spain|ET Ethiopia|FI Finland|" +
		"FJ Fiji|FK Falkland Islands|FM Micronesia|FO Faroe Islands|FR France|GA Gabon|GB United Kingdom|GD Grenada|" +
		"GE Georgia|GF French Guiana|GG Guernsey|GH Ghana|GI Gibraltar|GL Greenland|GM Gambia|GN Guinea|GP Guadeloupe|" +
		"GQ Equatorial Guinea|GR Greece|GS South Georgia|GT Guatemala|GU Guam|GW Guinea-Bissau|GY Guyana|HK Hong Kong|" +
		"HM Heard and McDonald Islands|HN Honduras|HR Croatia|HT Haiti|HU Hungary|ID Indonesia|IE Ireland|IL Israel|" +
		"IM Isle of Man|IN India|IO British Indian Ocean Territory|IQ Iraq|IR Iran|IS Iceland|IT Italy|JE Jersey|" +
		"JM Jamaica|JO Jordan|JP Japan|KE Kenya|KG Kyrgyzstan|KH Cambodia|KI Kiribati|KM Comoros|" +
		"KN Saint Kitts and Nevis|KP North Korea|KR South Korea|KW Kuwait|KY Cayman Islands|KZ Kazakhstan|LA Laos|" +
		"LB Lebanon|LC Saint Lucia|LI Liechtenstein|LK Sri Lanka|LR Liberia|LS Lesotho|LT Lithuania|LU Luxembourg|" +
		"LV Latvia|LY Libya|MA Morocco|MC Monaco|MD Moldova|ME Montenegro|MF Saint Martin|MG Madagascar|" +
		"MH Marshall Islands|MK North Macedonia|ML Mali|MM Myanmar|MN Mongolia|MO Macao|MP Northern Mariana Islands|" +
		"MQ Martinique|MR Mauritania|MS Montserrat|MT Malta|MU Mauritius|MV Maldives|MW Malawi|MX Mexico|MY Malaysia|" +
		"MZ Mozambique|NA Namibia|NC New Caledonia|NE Niger|NF Norfolk Island|NG Nigeria|NI Nicaragua|NL Netherlands|" +
		"NO Norway|NP Nepal|NR Nauru|NU Niue|NZ New Zealand|OM Oman|PA Panama|PE Peru|PF French Polynesia|" +
		"PG Papua New Guinea|PH Philippines|PK Pakistan|PL Poland|PM Saint Pierre and Miquelon|PN Pitcairn|" +
		"PR Puerto Rico|PS Palestine|PT Portugal|PW Palau|PY Paraguay|QA Qatar|RE Réunion|RO Romania|RS Serbia|" +
		"RU Russia|RW Rwanda|SA Saudi Arabia|SB Solomon Islands|SC Seychelles|SD Sudan|SE Sweden|SG Singapore|" +
		"SH Saint Helena|SI Slovenia|SJ Svalbard and Jan Mayen|SK Slovakia|SL Sierra Leone|SM San Marino|SN Senegal|" +
		"SO Somalia|SR Suriname|SS South Sudan|ST São Tomé and Príncipe|SV El Salvador|SX Sint Maarten|SY Syria|" +
		"SZ Eswatini|TC Turks and Caicos Islands|TD Chad|TF French Southern Territories|TG Togo|TH Thailand|" +
		"TJ Tajikistan|TK Tokelau|TL Timor-Leste|TM Turkmenistan|TN Tunisia|TO Tonga|TR Türkiye|TT Trinidad and Tobago|" +
		"TV Tuvalu|TW Taiwan|TZ Tanzania|UA Ukraine|UG Uganda|UM U.S. Outlying Islands|US United States|UY Uruguay|" +
		"UZ Uzbekistan|VA Vatican City|VC Saint Vincent and the Grenadines|VE Venezuela|VG British Virgin Islands|" +
		"VI U.S. Virgin Islands|VN Vietnam|VU Vanuatu|WF Wallis and Futuna|WS Samoa|YE Yemen|YT Mayotte|" +
		"ZA South Africa|ZM Zambia|ZW Zimbabwe"
	var out []Country
	for _, e := range strings.Split(iso, "|") {
		code, name, _ := strings.Cut(e, " ")
		out = append(out, Country{code, name})
	}
	return append(out,
		Country{"T1", "Tor network (Cloudflare)"},
		Country{"XX", "Unknown country (Cloudflare)"},
		Country{"XK", "Kosovo (user-assigned, used by Cloudflare)"})
}()

var known = func() map[string]bool {
	m := make(map[string]bool, len(All))
	for _, c := range All {
		m[c.Code] = true
	}
	return m
}()

// Known reports whether code is in All, exactly as written (upper case).
func Known(code string) bool { return known[code] }

// mistakes maps common wrong codes to the ISO code meant: UK and EL are the
// European Union's codes for the United Kingdom and Greece, the others are
// alpha-3 codes.
var mistakes = map[string]string{
	"UK": "GB", "EL": "GR",
	"USA": "US", "GBR": "GB", "DEU": "DE", "FRA": "FR", "CHN": "CN", "RUS": "RU", "IND": "IN", "BRA": "BR",
	"CAN": "CA", "JPN": "JP", "AUS": "AU", "NLD": "NL", "ESP": "ES", "ITA": "IT", "KOR": "KR", "PRK": "KP",
	"UKR": "UA", "POL": "PL", "TUR": "TR", "MEX": "MX", "IRN": "IR", "VNM": "VN", "IDN": "ID", "SGP": "SG",
	"HKG": "HK", "TWN": "TW", "CHE": "CH", "SWE": "SE", "NOR": "NO", "IRL": "IE", "ISR": "IL", "ZAF": "ZA",
	"ARG": "AR", "NGA": "NG", "PAK": "PK", "BGD": "BD", "ROU": "RO", "PRT": "PT", "AUT": "AT", "BEL": "BE",
}

// Mistake returns the ISO code meant by a common wrong one (upper case),
// such as GB for UK or US for USA.
func Mistake(code string) (string, bool) {
	iso, ok := mistakes[code]
	return iso, ok
}
