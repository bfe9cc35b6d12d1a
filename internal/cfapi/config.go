package cfapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// AIBotsProtection values for Config.AIBotsProtection.
type AIBotsProtection string

// Allowed AIBotsProtection values.
const (
	AIBotsBlock         AIBotsProtection = "block"
	AIBotsDisabled      AIBotsProtection = "disabled"
	AIBotsOnlyOnAdPages AIBotsProtection = "only_on_ad_pages"
)

// RobotsVariant values for Config.CFRobotsVariant.
type RobotsVariant string

// Allowed RobotsVariant values.
const (
	RobotsOff        RobotsVariant = "off"
	RobotsPolicyOnly RobotsVariant = "policy_only"
)

// ContentBotsProtection values for Config.ContentBotsProtection.
type ContentBotsProtection string

// Allowed ContentBotsProtection values.
const (
	ContentBotsBlock    ContentBotsProtection = "block"
	ContentBotsDisabled ContentBotsProtection = "disabled"
)

// CrawlerProtection values for Config.CrawlerProtection.
type CrawlerProtection string

// Allowed CrawlerProtection values.
const (
	CrawlerProtectionEnabled  CrawlerProtection = "enabled"
	CrawlerProtectionDisabled CrawlerProtection = "disabled"
)

// SBFMAction is the Super Bot Fight Mode action for a traffic class.
type SBFMAction string

// Allowed SBFMAction values (SBFMVerifiedBots accepts only allow and block).
const (
	SBFMAllow            SBFMAction = "allow"
	SBFMBlock            SBFMAction = "block"
	SBFMManagedChallenge SBFMAction = "managed_challenge"
)

// Config is a zone's Bot Management configuration. The API returns one of
// four plan-specific shapes (Bot Fight Mode, Super Bot Fight Mode Pro or
// Business, Enterprise); Config flattens them. Every field is a pointer so
// that a PUT sends only what the caller set.
type Config struct {
	// All plans.

	// AIBotsProtection is the managed rule that blocks AI scrapers.
	AIBotsProtection *AIBotsProtection `json:"ai_bots_protection,omitempty"`
	// CFRobotsVariant selects the Robots Access Control License variant.
	CFRobotsVariant *RobotsVariant `json:"cf_robots_variant,omitempty"`
	// ContentBotsProtection blocks low-score automation except safe
	// verified categories.
	ContentBotsProtection *ContentBotsProtection `json:"content_bots_protection,omitempty"`
	// CrawlerProtection is the link-maze defence against AI crawlers.
	CrawlerProtection *CrawlerProtection `json:"crawler_protection,omitempty"`
	// EnableJS turns on lightweight invisible JavaScript detections.
	EnableJS *bool `json:"enable_js,omitempty"`
	// IsRobotsTxtManaged prepends Cloudflare's managed robots.txt.
	IsRobotsTxtManaged *bool `json:"is_robots_txt_managed,omitempty"`

	// Bot Fight Mode (Free).

	// FightMode turns Bot Fight Mode on.
	FightMode *bool `json:"fight_mode,omitempty"`

	// Super Bot Fight Mode (Pro and Business).

	// OptimizeWordpress tunes SBFM for WordPress.
	OptimizeWordpress *bool `json:"optimize_wordpress,omitempty"`
	// SBFMDefinitelyAutomated is the action for definitely automated traffic.
	SBFMDefinitelyAutomated *SBFMAction `json:"sbfm_definitely_automated,omitempty"`
	// SBFMLikelyAutomated is the action for likely automated traffic
	// (Business only).
	SBFMLikelyAutomated *SBFMAction `json:"sbfm_likely_automated,omitempty"`
	// SBFMStaticResourceProtection also protects static resources, which
	// may block legitimate traffic.
	SBFMStaticResourceProtection *bool `json:"sbfm_static_resource_protection,omitempty"`
	// SBFMVerifiedBots is the action for verified bots (allow or block).
	SBFMVerifiedBots *SBFMAction `json:"sbfm_verified_bots,omitempty"`

	// Enterprise Bot Management.

	// AutoUpdateModel follows new detection models automatically.
	AutoUpdateModel *bool `json:"auto_update_model,omitempty"`
	// BMCookieEnabled allows the Bot Management cookie (default true).
	BMCookieEnabled *bool `json:"bm_cookie_enabled,omitempty"`
	// SuppressSessionScore stops tracking the session's highest score in
	// the Bot Management cookie.
	SuppressSessionScore *bool `json:"suppress_session_score,omitempty"`

	// Read-only; never sent by UpdateConfig.

	// StaleZoneConfiguration lists settings left over from another plan.
	StaleZoneConfiguration *StaleZoneConfiguration `json:"stale_zone_configuration,omitempty"`
	// UsingLatestModel says whether the zone runs the newest model.
	UsingLatestModel *bool `json:"using_latest_model,omitempty"`
}

// StaleZoneConfiguration holds settings of another plan that remain after
// an upgrade or downgrade (read-only). Note that here
// sbfm_static_resource_protection is a string, unlike the top-level bool.
type StaleZoneConfiguration struct {
	// FightMode is a leftover Bot Fight Mode setting.
	FightMode *bool `json:"fight_mode,omitempty"`
	// OptimizeWordpress is a leftover SBFM setting.
	OptimizeWordpress *bool `json:"optimize_wordpress,omitempty"`
	// SBFMDefinitelyAutomated is a leftover SBFM setting.
	SBFMDefinitelyAutomated *string `json:"sbfm_definitely_automated,omitempty"`
	// SBFMLikelyAutomated is a leftover SBFM setting.
	SBFMLikelyAutomated *string `json:"sbfm_likely_automated,omitempty"`
	// SBFMStaticResourceProtection is a leftover SBFM setting (a string).
	SBFMStaticResourceProtection *string `json:"sbfm_static_resource_protection,omitempty"`
	// SBFMVerifiedBots is a leftover SBFM setting.
	SBFMVerifiedBots *string `json:"sbfm_verified_bots,omitempty"`
	// SuppressSessionScore is a leftover Enterprise setting.
	SuppressSessionScore *bool `json:"suppress_session_score,omitempty"`
}

// Ptr returns a pointer to v, for filling in Config fields.
func Ptr[T any](v T) *T { return &v }

// Validate checks that every set enum field has a documented value, so a
// typo fails before it reaches the API.
func (c *Config) Validate() error {
	var bad []string
	check := func(name string, v *string, allowed ...string) {
		if v == nil {
			return
		}
		for _, a := range allowed {
			if *v == a {
				return
			}
		}
		bad = append(bad, fmt.Sprintf("%s %q (want %s)", name, *v, strings.Join(allowed, ", ")))
	}
	str := func(p any) *string {
		switch v := p.(type) {
		case *AIBotsProtection:
			if v != nil {
				return Ptr(string(*v))
			}
		case *RobotsVariant:
			if v != nil {
				return Ptr(string(*v))
			}
		case *ContentBotsProtection:
			if v != nil {
				return Ptr(string(*v))
			}
		case *CrawlerProtection:
			if v != nil {
				return Ptr(string(*v))
			}
		case *SBFMAction:
			if v != nil {
				return Ptr(string(*v))
			}
		}
		return nil
	}
	check("ai_bots_protection", str(c.AIBotsProtection), "block", "disabled", "only_on_ad_pages")
	check("cf_robots_variant", str(c.CFRobotsVariant), "off", "policy_only")
	check("content_bots_protection", str(c.ContentBotsProtection), "block", "disabled")
	check("crawler_protection", str(c.CrawlerProtection), "enabled", "disabled")
	check("sbfm_definitely_automated", str(c.SBFMDefinitelyAutomated), "allow", "block", "managed_challenge")
	check("sbfm_likely_automated", str(c.SBFMLikelyAutomated), "allow", "block", "managed_challenge")
	check("sbfm_verified_bots", str(c.SBFMVerifiedBots), "allow", "block")
	if len(bad) > 0 {
		return fmt.Errorf("invalid Bot Management config: %s", strings.Join(bad, "; "))
	}
	return nil
}

// Plan names a Bot Management plan for [CleanupPreset].
type Plan string

// Plans, as the API's clean-up examples name them.
const (
	PlanBotFightMode Plan = "bot-fight-mode"
	PlanSBFMPro      Plan = "sbfm-pro"
	PlanSBFMBusiness Plan = "sbfm-business"
	PlanBMEnterprise Plan = "bm-enterprise"
)

// Plans lists the plans in upgrade order.
var Plans = []Plan{PlanBotFightMode, PlanSBFMPro, PlanSBFMBusiness, PlanBMEnterprise}

// CleanupPreset returns the documented body that clears the settings of
// other plans after the zone moved to plan. Cloudflare advises having
// custom rules in place before applying the Enterprise clean-up, since it
// turns every SBFM action to allow. A fresh value is returned each time so
// callers may modify it.
func CleanupPreset(plan Plan) (*Config, error) {
	allow := func() *SBFMAction { return Ptr(SBFMAllow) }
	switch plan {
	case PlanBotFightMode:
		return &Config{
			SBFMLikelyAutomated: allow(), SBFMDefinitelyAutomated: allow(), SBFMVerifiedBots: allow(),
			SBFMStaticResourceProtection: Ptr(false), OptimizeWordpress: Ptr(false), SuppressSessionScore: Ptr(false),
		}, nil
	case PlanSBFMPro:
		return &Config{SBFMLikelyAutomated: allow(), FightMode: Ptr(false)}, nil
	case PlanSBFMBusiness:
		return &Config{FightMode: Ptr(false)}, nil
	case PlanBMEnterprise:
		return &Config{
			SBFMLikelyAutomated: allow(), SBFMDefinitelyAutomated: allow(), SBFMVerifiedBots: allow(),
			SBFMStaticResourceProtection: Ptr(false), OptimizeWordpress: Ptr(false), FightMode: Ptr(false),
		}, nil
	}
	names := make([]string, len(Plans))
	for i, p := range Plans {
		names[i] = string(p)
	}
	sort.Strings(names)
	return nil, fmt.Errorf("unknown plan %q (want one of %s)", plan, strings.Join(names, ", "))
}

// readOnly are settings the API reports but does not accept.
var readOnly = map[string]bool{"stale_zone_configuration": true, "using_latest_model": true}

// DecodeConfig reads a JSON body of settings (the shape GetConfig returns).
// An unknown key is an error: it is most likely a typo that would otherwise
// be dropped silently and leave the setting unchanged.
func DecodeConfig(data []byte) (*Config, error) {
	cfg := &Config{}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(cfg); err != nil {
		return nil, err
	}
	return cfg, nil
}

// Set sets one setting by its API (JSON) name from its text form: true or
// false for switches, the documented words for actions, so a typo fails
// here rather than at the API. Read-only settings cannot be set.
func (c *Config) Set(key, value string) error {
	if readOnly[key] {
		return fmt.Errorf("%s is read-only", key)
	}
	v := reflect.ValueOf(c).Elem()
	t := v.Type()
	var names []string
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name == "" || name == "-" || readOnly[name] {
			continue
		}
		names = append(names, name)
		if name != key {
			continue
		}
		f := v.Field(i)
		if f.Kind() != reflect.Pointer {
			return fmt.Errorf("%s cannot be set", key)
		}
		nv := reflect.New(f.Type().Elem())
		switch nv.Elem().Kind() {
		case reflect.Bool:
			b, err := strconv.ParseBool(value)
			if err != nil {
				return fmt.Errorf("%s takes true or false, not %q", key, value)
			}
			nv.Elem().SetBool(b)
		case reflect.String:
			nv.Elem().SetString(value)
		default:
			return fmt.Errorf("%s cannot be set from the command line; use a JSON body", key)
		}
		f.Set(nv)
		return nil
	}
	sort.Strings(names)
	return fmt.Errorf("unknown setting %q; settings: %s", key, strings.Join(names, ", "))
}

// SetPairs applies settings given as "key=value" in order, as Set does
// (the --set flags of "wflint config set"). An error starts with the pair
// it is about.
func (c *Config) SetPairs(pairs []string) error {
	for _, kv := range pairs {
		key, value, ok := strings.Cut(kv, "=")
		if key = strings.TrimSpace(key); !ok || key == "" {
			return fmt.Errorf("%s: want key=value", kv)
		}
		if err := c.Set(key, value); err != nil {
			return fmt.Errorf("%s: %w", kv, err)
		}
	}
	return nil
}

// ChangeError is why [Change] could not build a body.
type ChangeError struct {
	// Arg is what was given wrongly, "preset" or "pairs"; "" when the
	// settings are not a valid configuration (a file that does not
	// decode, values that do not validate).
	Arg string
	Err error
}

func (e *ChangeError) Error() string { return e.Err.Error() }

func (e *ChangeError) Unwrap() error { return e.Err }

// Change builds the body of a configuration change: the settings of the
// file (see DecodeConfig) or of the plan's clean-up preset (see
// CleanupPreset), when one is given, then the key=value pairs (see
// SetPairs); it validates the result. An error reading the file is
// ReadFile's; the others are *ChangeError.
func Change(file string, preset Plan, pairs []string) (*Config, error) {
	cfg := &Config{}
	var err error
	switch {
	case file != "":
		b, err := ReadFile(file)
		if err != nil {
			return nil, err
		}
		if cfg, err = DecodeConfig(b); err != nil {
			return nil, &ChangeError{Err: fmt.Errorf("%s: %w", file, err)}
		}
	case preset != "":
		if cfg, err = CleanupPreset(preset); err != nil {
			return nil, &ChangeError{Arg: "preset", Err: err}
		}
	}
	if err := cfg.SetPairs(pairs); err != nil {
		return nil, &ChangeError{Arg: "pairs", Err: err}
	}
	if err := cfg.Validate(); err != nil {
		return nil, &ChangeError{Err: err}
	}
	return cfg, nil
}

// Fields of each plan's configuration shape in the API schema (the four
// variants of the zone's Bot Management config), beyond the fields every
// plan has (sharedFields).
var (
	sharedFields = []string{"ai_bots_protection", "cf_robots_variant", "content_bots_protection", "crawler_protection", "enable_js", "is_robots_txt_managed"}
	planFields   = map[Plan][]string{
		PlanBotFightMode: {"fight_mode"},
		PlanSBFMPro:      {"optimize_wordpress", "sbfm_definitely_automated", "sbfm_static_resource_protection", "sbfm_verified_bots"},
		PlanSBFMBusiness: {"optimize_wordpress", "sbfm_definitely_automated", "sbfm_likely_automated", "sbfm_static_resource_protection", "sbfm_verified_bots"},
		PlanBMEnterprise: {"auto_update_model", "bm_cookie_enabled", "suppress_session_score"},
	}
)

// PlanOf tells the zone's plan from the shape of its configuration (as
// GetConfig returns it): the fields only one plan's shape has. ok is false
// when the shape says nothing (only the fields every plan has).
func PlanOf(c *Config) (plan Plan, ok bool) {
	set := c.setFields()
	switch {
	case set["auto_update_model"] || set["bm_cookie_enabled"] || set["suppress_session_score"]:
		return PlanBMEnterprise, true
	case set["sbfm_likely_automated"]:
		return PlanSBFMBusiness, true
	case set["sbfm_definitely_automated"] || set["sbfm_verified_bots"] || set["optimize_wordpress"] || set["sbfm_static_resource_protection"]:
		return PlanSBFMPro, true
	case set["fight_mode"]:
		return PlanBotFightMode, true
	}
	return "", false
}

// CheckPlan returns why change cannot be applied to a zone on plan: a
// setting whose field the plan's configuration shape does not have, or a
// value the schema says the plan cannot take (ai_bots_protection
// only_on_ad_pages "is currently not available for Enterprise customers").
// Turning another plan's setting off (false, or the action allow) is
// accepted: that is what Cloudflare's documented clean-up bodies do.
func CheckPlan(plan Plan, change *Config) []string {
	allowed := map[string]bool{}
	for _, f := range append(append([]string(nil), sharedFields...), planFields[plan]...) {
		allowed[f] = true
	}
	var why []string
	if plan == PlanBMEnterprise && change.AIBotsProtection != nil && *change.AIBotsProtection == AIBotsOnlyOnAdPages {
		why = append(why, "ai_bots_protection only_on_ad_pages: the API schema says this value is not available for Enterprise customers")
	}
	v := reflect.ValueOf(change).Elem()
	t := v.Type()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		f := v.Field(i)
		if readOnly[name] || allowed[name] || f.Kind() != reflect.Pointer || f.IsNil() {
			continue
		}
		switch e := f.Elem(); e.Kind() {
		case reflect.Bool:
			if !e.Bool() {
				continue // clean-up: turning it off
			}
		case reflect.String:
			if e.String() == string(SBFMAllow) {
				continue // clean-up: back to allow
			}
		}
		why = append(why, fmt.Sprintf("%s: the zone's configuration has the %s plan's shape, which has no %s (only turning it off, to clean up after a plan change, is accepted)", name, plan, name))
	}
	return why
}

// CheckChange is CheckPlan for the zone whose configuration is current
// (as GetConfig returns it), its plan told by PlanOf; nothing when the
// configuration's shape does not tell the plan.
func CheckChange(current, change *Config) []string {
	plan, ok := PlanOf(current)
	if !ok {
		return nil
	}
	return CheckPlan(plan, change)
}

// setFields names the fields that are set.
func (c *Config) setFields() map[string]bool {
	out := map[string]bool{}
	v := reflect.ValueOf(c).Elem()
	t := v.Type()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if f := v.Field(i); f.Kind() == reflect.Pointer && !f.IsNil() {
			out[name] = true
		}
	}
	return out
}
