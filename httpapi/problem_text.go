package httpapi

import (
	"fmt"
	"net/http"

	"github.com/jinzhi-dev/jinzhi/check"
	"github.com/jinzhi-dev/jinzhi/duediligence"
)

// problemTitles are the titles of every problem type, by the type's last
// segment (a domain code or an HTTP-level kind), in English and Chinese. A
// problem's title is in the language of the request (Accept-Language, else
// the policy's language, else Chinese).
var problemTitles = map[string]check.Text{
	string(duediligence.CodeInvalid):   {EN: "Invalid input", ZH: "输入有误"},
	string(duediligence.CodeNotFound):  {EN: "Not found", ZH: "未找到"},
	string(duediligence.CodeConflict):  {EN: "Conflict with the case's state", ZH: "与案件当前状态冲突"},
	string(duediligence.CodeStale):     {EN: "The case has changed", ZH: "案件已被修改"},
	string(duediligence.CodeGate):      {EN: "Workflow gate not met", ZH: "流程条件未满足"},
	string(duediligence.CodeForbidden): {EN: "Forbidden", ZH: "无权操作"},
	string(duediligence.CodeTooLarge):  {EN: "Content too large", ZH: "内容过大"},
	string(duediligence.CodeInternal):  {EN: "Internal error", ZH: "内部错误"},

	"idempotency_key_reused": {EN: "Idempotency-Key used for another request", ZH: "幂等键已用于另一请求"},
	"malformed":              {EN: "Malformed request", ZH: "请求格式错误"},
	"method_not_allowed":     {EN: "Method not allowed", ZH: "不支持该请求方法"},
	"not_acceptable":         {EN: "Not acceptable", ZH: "无法提供所请求的格式"},
	"origin_not_allowed":     {EN: "Origin not allowed", ZH: "不允许该来源的跨域请求"},
	"overloaded":             {EN: "Server busy", ZH: "服务器繁忙"},
	"precondition_required":  {EN: "Precondition required", ZH: "缺少前提条件（If-Match）"},
	"request_timeout":        {EN: "Request timeout", ZH: "请求超时"},
	"unauthorized":           {EN: "Unauthorized", ZH: "未认证"},
	"unavailable":            {EN: "Service unavailable", ZH: "服务不可用"},
	"unsupported_media_type": {EN: "Unsupported media type", ZH: "不支持的内容类型"},
}

// problemLang is the language of a problem: ?lang= when it is zh or en,
// else Accept-Language, else the policy's language, else Chinese.
func (s *server) problemLang(r *http.Request) check.Lang {
	lang := r.URL.Query().Get("lang")
	if lang != "zh" && lang != "en" {
		def := ""
		if s.svc != nil { // a server without a service still answers problems
			def = s.svc.Policy().Language
		}
		lang = acceptLanguage(r, def)
	}
	if lang == "en" {
		return check.EN
	}
	return check.ZH
}

// localize puts p in lang: its title from problemTitles, every field
// error's and unmet condition's message from the message catalogue, every
// unmet condition's citation from the rule catalogue, and,
// in Chinese, a detail that says what the lists hold when the catalogue
// words every item of them. Other details (versions, offsets, media types)
// are English sentences the domain writes, kept as they are.
func localize(p *problem, kind string, lang check.Lang) {
	if t, ok := problemTitles[kind]; ok {
		p.Title = t.In(lang)
	}
	msgs := duediligence.Messages()
	for i := range p.Errors {
		p.Errors[i].Message = msgs.RenderField(p.Errors[i], lang)
	}
	for i := range p.Unmet {
		p.Unmet[i].Message = msgs.RenderResult(p.Unmet[i], lang)
		p.Unmet[i].Citation = duediligence.CitationIn(p.Unmet[i], lang)
	}
	if p.domain != nil && p.domain.Key != "" {
		p.Detail = p.domain.Render(lang)
	}
	if lang != check.ZH {
		return
	}
	keyed := func(key string) bool { _, ok := msgs[key]; return ok }
	all := true
	for _, u := range p.Unmet {
		all = all && keyed(u.Key)
	}
	for _, fe := range p.Errors {
		all = all && keyed(fe.Key)
	}
	switch {
	case !all:
	case len(p.Unmet) > 0:
		p.Detail = fmt.Sprintf("有 %d 项条件未满足，详见 unmet。", len(p.Unmet))
	case len(p.Errors) > 0:
		p.Detail = fmt.Sprintf("有 %d 处输入不符合要求，详见 errors。", len(p.Errors))
	}
}
