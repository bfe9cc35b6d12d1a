SELECT a, k, n, t0, t1 FROM (
  SELECT p.1 AS a, p.2 AS k, count() AS n, min(p.3) AS t0, max(p.3) AS t1 FROM (
    SELECT arrayJoin(arrayFilter(p -> p.1 != '', [
      tuple(if(1, 'matched', ''), '', toInt64(0)),
      tuple(if(isNull(toInt64(`BotScore`)), 'unscored', ''), '', toInt64(0)),
      tuple(if(isNotNull(toInt64(`BotScore`)) AND NOT ifNull(toInt64(`BotScore`) >= 1 AND toInt64(`BotScore`) <= 99, 0), 'invalid', ''), '', toInt64(0)),
      tuple(if(ifNull(toInt64(`BotScore`) >= 1 AND toInt64(`BotScore`) <= 99, 0), concat('score:', toString(ifNull(toInt64(`BotScore`), 0))), ''), '', toInt64(0)),
      tuple(if(ifNull(toInt64(`BotScore`) >= 1 AND toInt64(`BotScore`) <= 99, 0), concat('src:', ifNull(`BotScoreSrc`, '')), ''), '', toInt64(0)),
      tuple(if(ifNull(toInt64(`BotScore`) >= 1 AND toInt64(`BotScore`) <= 99, 0) AND isNotNull(toInt64(`EdgeStartTimestamp`)), 'seen', ''), '', ifNull(toInt64(`EdgeStartTimestamp`), 0)),
      tuple(if(ifNull(toInt64(`BotScore`) >= 1 AND toInt64(`BotScore`) <= 99, 0) AND isNotNull(nullIf(`ClientIP`, '')), 'top:ClientIP', ''), if(position(ifNull(nullIf(`ClientIP`, ''), '0.0.0.0'), ':') = 0, ifNull(nullIf(`ClientIP`, ''), '0.0.0.0'), if(substring(IPv6StringToNum(if(position(ifNull(nullIf(`ClientIP`, ''), '0.0.0.0'), ':') > 0, ifNull(nullIf(`ClientIP`, ''), '0.0.0.0'), '::')), 1, 12) = unhex('000000000000000000000000'), multiIf(substring(IPv6StringToNum(if(position(ifNull(nullIf(`ClientIP`, ''), '0.0.0.0'), ':') > 0, ifNull(nullIf(`ClientIP`, ''), '0.0.0.0'), '::')), 13, 4) = unhex('00000000'), '::', substring(IPv6StringToNum(if(position(ifNull(nullIf(`ClientIP`, ''), '0.0.0.0'), ':') > 0, ifNull(nullIf(`ClientIP`, ''), '0.0.0.0'), '::')), 13, 2) = unhex('0000'), concat('::', replaceRegexpOne(lower(hex(substring(IPv6StringToNum(if(position(ifNull(nullIf(`ClientIP`, ''), '0.0.0.0'), ':') > 0, ifNull(nullIf(`ClientIP`, ''), '0.0.0.0'), '::')), 15, 2))), '^0{1,3}', '')), concat('::', replaceRegexpOne(lower(hex(substring(IPv6StringToNum(if(position(ifNull(nullIf(`ClientIP`, ''), '0.0.0.0'), ':') > 0, ifNull(nullIf(`ClientIP`, ''), '0.0.0.0'), '::')), 13, 2))), '^0{1,3}', ''), ':', replaceRegexpOne(lower(hex(substring(IPv6StringToNum(if(position(ifNull(nullIf(`ClientIP`, ''), '0.0.0.0'), ':') > 0, ifNull(nullIf(`ClientIP`, ''), '0.0.0.0'), '::')), 15, 2))), '^0{1,3}', ''))), IPv6NumToString(IPv6StringToNum(if(position(ifNull(nullIf(`ClientIP`, ''), '0.0.0.0'), ':') > 0, ifNull(nullIf(`ClientIP`, ''), '0.0.0.0'), '::'))))), toInt64(0)),
      tuple(if(ifNull(toInt64(`BotScore`) >= 1 AND toInt64(`BotScore`) <= 99, 0) AND ifNull(toInt64(`ClientASN`) != 0, 0), 'top:ClientASN', ''), toString(ifNull(toInt64(`ClientASN`), 0)), toInt64(0)),
      tuple(if(ifNull(toInt64(`BotScore`) >= 1 AND toInt64(`BotScore`) <= 99, 0) AND ifNull(`ClientCountry`, '') != '', 'top:ClientCountry', ''), upper(ifNull(`ClientCountry`, '')), toInt64(0)),
      tuple(if(ifNull(toInt64(`BotScore`) >= 1 AND toInt64(`BotScore`) <= 99, 0) AND ifNull(`ClientRequestHost`, '') != '', 'top:ClientRequestHost', ''), ifNull(`ClientRequestHost`, ''), toInt64(0)),
      tuple(if(ifNull(toInt64(`BotScore`) >= 1 AND toInt64(`BotScore`) <= 99, 0) AND ifNull(`ClientRequestPath`, '') != '', 'top:ClientRequestPath', ''), ifNull(`ClientRequestPath`, ''), toInt64(0)),
      tuple(if(ifNull(toInt64(`BotScore`) >= 1 AND toInt64(`BotScore`) <= 99, 0) AND ifNull(`ClientRequestUserAgent`, '') != '', 'top:ClientRequestUserAgent', ''), ifNull(`ClientRequestUserAgent`, ''), toInt64(0)),
      tuple(if(ifNull(toInt64(`BotScore`) >= 1 AND toInt64(`BotScore`) <= 99, 0) AND ifNull(`JA3Hash`, '') != '', 'top:JA3Hash', ''), ifNull(`JA3Hash`, ''), toInt64(0)),
      tuple(if(ifNull(toInt64(`BotScore`) >= 1 AND toInt64(`BotScore`) <= 99, 0) AND ifNull(`JA4`, '') != '', 'top:JA4', ''), ifNull(`JA4`, ''), toInt64(0))
    ])) AS p
    FROM `http_requests`
    WHERE ((if(isNull(toInt64(`BotScore`)), 0, ifNull(toInt64(`BotScore`) < toInt64(30), 0)) OR if(isNull(`ClientRequestUserAgent`), 0, ifNull(match(`ClientRequestUserAgent`, '[bB][oO][tT]'), 0))) AND if(isNull(nullIf(`ClientIP`, '')), 0, ifNull((((position(nullIf(`ClientIP`, ''), ':') = 0) AND ((IPv4StringToNum(if(position(nullIf(`ClientIP`, ''), ':') = 0, nullIf(`ClientIP`, ''), '0.0.0.0')) >= toUInt32(167772160) AND IPv4StringToNum(if(position(nullIf(`ClientIP`, ''), ':') = 0, nullIf(`ClientIP`, ''), '0.0.0.0')) <= toUInt32(184549375)))) OR ((NOT (position(nullIf(`ClientIP`, ''), ':') = 0)) AND ((hex(IPv6StringToNum(if(position(nullIf(`ClientIP`, ''), ':') > 0, nullIf(`ClientIP`, ''), '::'))) >= '20010DB8000000000000000000000000' AND hex(IPv6StringToNum(if(position(nullIf(`ClientIP`, ''), ':') > 0, nullIf(`ClientIP`, ''), '::'))) <= '20010DB8FFFFFFFFFFFFFFFFFFFFFFFF')))), 0)) AND (NOT if(isNull(`ClientRequestHost`), 0, ifNull(lower(`ClientRequestHost`) LIKE '%.example.com', 0))))
  )
  GROUP BY a, k
)
ORDER BY a, n DESC, k
LIMIT 10 BY a
