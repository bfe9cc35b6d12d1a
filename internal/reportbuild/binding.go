package reportbuild

import (
	"net/netip"

	"github.com/wflint/wflint/internal/eval"
	"github.com/wflint/wflint/internal/logpush"
)

// rec is shorthand for the record type every accessor reads.
type rec = *logpush.Record

// bytesField, intField and ipField build accessors that return a Record member
// only when its Logpush field was present, so an absent key is a missing
// value to the evaluator (never "" or 0, which are real values).
func bytesField(f logpush.Field, get func(rec) string) eval.BytesAccessor[rec] {
	return func(r rec) (string, bool) { return get(r), r.Has(f) }
}

func intField(f logpush.Field, get func(rec) int64) eval.IntAccessor[rec] {
	return func(r rec) (int64, bool) { return get(r), r.Has(f) }
}

// Binding returns the evaluator binding from Rules-language field names to
// logpush.Record members. It covers every Rules field that a decoded
// Logpush field provides (logpush.Field.RulesFields), so expressions written
// for the feedback profile and for the full Rules profile both compile:
//
//	cf.bot_management.score          BotScore
//	cf.bot_management.ja3_hash       JA3Hash
//	cf.bot_management.ja4            JA4
//	cf.bot_management.detection_ids  BotDetectionIDs
//	cf.verified_bot_category         VerifiedBotCategory
//	cf.waf.score                     WAFAttackScore
//	cf.tls_version, cf.tls_cipher    ClientSSLProtocol, ClientSSLCipher
//	cf.ray_id                        RayID
//	ip.src                           ClientIP
//	ip.src.asnum, ip.geoip.asnum     ClientASN
//	ip.src.country, ip.geoip.country ClientCountry (upper-cased by logpush)
//	http.host                        ClientRequestHost
//	http.request.method              ClientRequestMethod
//	http.request.uri                 ClientRequestURI
//	http.request.uri.path            ClientRequestPath
//	http.request.uri.query           ClientRequestQuery
//	http.request.version             ClientRequestProtocol
//	http.user_agent                  ClientRequestUserAgent
//	http.referer                     ClientRequestReferer
//	ssl                              ClientRequestScheme == "https"
//	http.response.code               EdgeResponseStatus
//	http.request.timestamp.sec       EdgeStartTimestamp (Unix seconds)
//
// Fields that Logpush does not carry (request headers, cookies, the
// verified_bot flag …) are absent from the binding, so eval.Compile refuses
// an expression that uses them instead of matching it against a guess.
func Binding() eval.Fields[*logpush.Record] {
	asn := intField(logpush.FieldClientASN, func(r rec) int64 { return r.ClientASN })
	country := bytesField(logpush.FieldClientCountry, func(r rec) string { return r.ClientCountry })
	return eval.Fields[*logpush.Record]{
		"cf.bot_management.score":    intField(logpush.FieldBotScore, func(r rec) int64 { return r.BotScore }),
		"cf.bot_management.ja3_hash": bytesField(logpush.FieldJA3Hash, func(r rec) string { return r.JA3Hash }),
		"cf.bot_management.ja4":      bytesField(logpush.FieldJA4, func(r rec) string { return r.JA4 }),
		"cf.bot_management.detection_ids": func(r rec) ([]int64, bool) {
			return r.BotDetectionIDs, r.Has(logpush.FieldBotDetectionIDs)
		},
		"cf.verified_bot_category": bytesField(logpush.FieldVerifiedBotCategory, func(r rec) string { return r.VerifiedBotCategory }),
		"cf.waf.score":             intField(logpush.FieldWAFAttackScore, func(r rec) int64 { return r.WAFAttackScore }),
		"cf.tls_version":           bytesField(logpush.FieldClientSSLProtocol, func(r rec) string { return r.SSLProtocol }),
		"cf.tls_cipher":            bytesField(logpush.FieldClientSSLCipher, func(r rec) string { return r.SSLCipher }),
		"cf.ray_id":                bytesField(logpush.FieldRayID, func(r rec) string { return r.RayID }),
		"ip.src": func(r rec) (netip.Addr, bool) {
			return r.ClientIP, r.Has(logpush.FieldClientIP)
		},
		"ip.src.asnum":           asn,
		"ip.geoip.asnum":         asn,
		"ip.src.country":         country,
		"ip.geoip.country":       country,
		"http.host":              bytesField(logpush.FieldClientRequestHost, func(r rec) string { return r.Host }),
		"http.request.method":    bytesField(logpush.FieldClientRequestMethod, func(r rec) string { return r.Method }),
		"http.request.uri":       bytesField(logpush.FieldClientRequestURI, func(r rec) string { return r.URI }),
		"http.request.uri.path":  bytesField(logpush.FieldClientRequestPath, func(r rec) string { return r.Path }),
		"http.request.uri.query": bytesField(logpush.FieldClientRequestQuery, func(r rec) string { return r.Query }),
		"http.request.version":   bytesField(logpush.FieldClientRequestProtocol, func(r rec) string { return r.Protocol }),
		"http.user_agent":        bytesField(logpush.FieldClientRequestUserAgent, func(r rec) string { return r.UserAgent }),
		"http.referer":           bytesField(logpush.FieldClientRequestReferer, func(r rec) string { return r.Referer }),
		"ssl":                    func(r rec) (bool, bool) { return r.SSL() },
		"http.response.code":     intField(logpush.FieldEdgeResponseStatus, func(r rec) int64 { return r.EdgeResponseStatus }),
		"http.request.timestamp.sec": intField(logpush.FieldEdgeStartTimestamp, func(r rec) int64 {
			return r.EdgeStartTimestamp.Unix()
		}),
	}
}
