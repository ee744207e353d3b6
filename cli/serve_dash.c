/* SPDX-License-Identifier: MIT */
/* serve_dash.c — GET / of `relmark serve` (docs/api.md, "The dashboard"):
 * one self-contained page (inline style and script, nothing fetched but
 * its own /v1 calls) showing the report of the current state (the
 * library's HTML and SVG from GET /v1/report, its sections parsed and put
 * in the page, never run: the report has no script) and a
 * customer search with the card. It holds no customer data: the script
 * asks /v1 with a read token kept in the tab's sessionStorage. */
#include "serve.h"
#include <nettle/base64.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* the page's words: key, English, Russian */
static const char *const labels[][3] = {
    {"title", "relmark dashboard", "Панель relmark"},
    {"token", "Read token", "Токен для чтения"},
    {"use", "Use", "Применить"},
    {"forget", "Forget the token", "Забыть токен"},
    {"refused", "The token was refused: give a live token of scope read.",
     "Токен не принят: укажите действующий токен с правом read."},
    {"need", "Give a read token (relmark token add WORKSPACE --name NAME --scope read).",
     "Укажите токен для чтения (relmark token add WORKSPACE --name ИМЯ --scope read)."},
    {"id", "Customer id", "Код клиента"},
    {"find", "Find", "Найти"},
    {"segment", "Segment", "Сегмент"},
    {"stage", "Stage", "Стадия"},
    {"any", "any", "любой"},
    {"list", "List", "Список"},
    {"more", "More", "Ещё"},
    {"none_found", "No customer.", "Нет клиентов."},
    {"not_found", "No customer with this id.", "Нет клиента с таким кодом."},
    {"report", "Report of the current state", "Отчёт о текущем состоянии"},
    {"as_of", "as of", "на"},
    {"computed", "computed", "рассчитано"},
    {"customers", "customers", "клиентов"},
    {"rfm", "RFM", "RFM"},
    {"recency", "days since the last purchase", "дней с последней покупки"},
    {"frequency", "purchases", "покупок"},
    {"monetary", "average purchase", "средняя покупка"},
    {"category", "Category", "Категория"},
    {"package", "Package", "Пакет"},
    {"bond", "Bond level", "Уровень связи"},
    {"actions", "What to do", "Что делать"},
    {"clv", "CLV", "CLV"},
    {"p_alive", "P(alive)", "P(активен)"},
    {"feedback", "Last feedback", "Последний отзыв"},
    {"nps", "NPS", "NPS"},
    {"satisfaction", "satisfaction", "удовлетворённость"},
    {"no", "\xE2\x80\x94", "\xE2\x80\x94"},
    {"updated", "a purchase arrived since the rescore", "после пересчёта пришла покупка"},
    {"refreshed", "refreshed", "обновлено"},
    {"alerts", "Alerts: key clients who moved down", "Сигналы: ключевые клиенты, ушедшие вниз"},
    {"between", "between the snapshots of", "между снимками на"},
    {"and", "and", "и"},
    {"group", "Key group", "Ключевая группа"},
    {"fell", "What fell", "Что снизилось"},
    {"from_to", "Stage: from \xE2\x86\x92 to", "Стадия: было \xE2\x86\x92 стало"},
    {"no_alerts", "No key client moved down.", "Ни один ключевой клиент не ушёл вниз."},
    {"fell_category", "category", "категория"},
    {"fell_stage", "stage", "стадия"},
    {"fell_abc", "ABC class", "класс ABC"},
};
#define NLABELS (sizeof labels / sizeof labels[0])

static const char *L(const char *key, int ru)
{
    for (size_t i = 0; i < NLABELS; i++)
        if (!strcmp(labels[i][0], key)) return labels[i][ru ? 2 : 1];
    return key;
}

/* the page's own rules, after the report's style sheet */
static const char dash_css[] =
    "main{max-width:1180px}"
    "form{display:flex;flex-wrap:wrap;gap:8px;align-items:end;margin:10px 0}"
    "label{display:flex;flex-direction:column;font-size:.85em;color:var(--mute)}"
    "input,select,button{font:inherit;padding:4px 8px;border:1px solid var(--line);border-radius:4px}"
    "button{background:var(--acc);color:#fff;border-color:var(--acc);cursor:pointer}"
    "button.plain{background:none;color:var(--acc)}"
    ".cols{display:grid;grid-template-columns:minmax(0,2fr) minmax(0,3fr);gap:18px;align-items:start}"
    "@media (max-width:800px){.cols{grid-template-columns:1fr}}"
    "#list tr,#alerts tr{cursor:pointer}#list tr.sel td{background:#eef6fb}"
    ".card{border:1px solid var(--line);border-radius:6px;padding:10px 16px}"
    ".card h3{margin:4px 0 8px;font-size:1.25em}"
    ".card dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:0}"
    ".card dt{color:var(--mute)}.card dd{margin:0}.card ul{margin:2px 0;padding-left:18px}"
    ".msg{color:#a33}.hidden{display:none}#report section:last-child{border-bottom:0}"
    "#listbox.hidden+#card{grid-column:1/-1;max-width:760px}";

/* the script: the token from the URL's fragment (#token=..., never sent to
 * the server, so never in its log) or the form, kept in sessionStorage
 * (this tab only) and taken out of the address bar; the state (#customer=ID,
 * #segment=KEY&stage=KEY) in the fragment, so a view is a link; every
 * value of the API shown as text (textContent), never as markup */
static const char dash_js[] =
    "(function(){'use strict';\n"
    "var C=JSON.parse(document.getElementById('cfg').textContent),T=C.labels,K='relmark-token';\n"
    "function $(i){return document.getElementById(i);}\n"
    "function el(t,x,c){var e=document.createElement(t);if(x!=null)e.textContent=String(x);if(c)e.className=c;return e;}\n"
    "function frag(){var o={};location.hash.replace(/^#/,'').split('&').forEach(function(p){if(!p)return;"
    "var i=p.indexOf('=');o[decodeURIComponent(i<0?p:p.slice(0,i))]=i<0?'':decodeURIComponent(p.slice(i+1));});return o;}\n"
    "function setFrag(o){var s=Object.keys(o).filter(function(k){return o[k];}).map(function(k){"
    "return encodeURIComponent(k)+'='+encodeURIComponent(o[k]);}).join('&');"
    "history.replaceState(null,'',location.pathname+location.search+(s?'#'+s:''));}\n"
    "var F=frag();if(F.token){sessionStorage.setItem(K,F.token);delete F.token;setFrag(F);}\n"
    "function tok(){return sessionStorage.getItem(K)||'';}\n"
    "function ask(on){$('tokform').classList.toggle('hidden',!on);$('forget').classList.toggle('hidden',on);}\n"
    "function api(p){return fetch('/v1/'+p+(p.indexOf('?')<0?'?':'&')+'lang='+C.lang,"
    "{headers:{Authorization:'Bearer '+tok()},cache:'no-store',credentials:'omit'}).then(function(r){"
    "if(r.status===401||r.status===403){ask(true);$('tokmsg').textContent=T.refused;throw 0;}return r;});}\n"
    "function num(v,d){return v==null?T.no:Number(v).toLocaleString(C.lang,{maximumFractionDigits:d});}\n"
    "function row(dl,k,v){if(v==null||v==='')v=T.no;dl.appendChild(el('dt',k));var d=el('dd');"
    "if(v instanceof Node)d.appendChild(v);else d.textContent=String(v);dl.appendChild(d);}\n"
    "function card(c){var b=$('card');b.textContent='';b.classList.remove('hidden');b.appendChild(el('h3',c.customer_id));"
    "Array.prototype.forEach.call($('list').rows,function(tr){tr.classList.toggle('sel',tr.cells[0].textContent===c.customer_id);});"
    "var dl=el('dl');b.appendChild(dl);var r=c.rfm;"
    "row(dl,T.rfm,r?r.code+' \\u00b7 '+r.recency_days+' '+T.recency+' \\u00b7 '+r.frequency+' '+T.frequency+"
    "' \\u00b7 '+num(r.monetary,2)+' '+T.monetary+(r.updated?' ('+T.updated+')':''):null);"
    "row(dl,T.segment,c.segment?c.segment.name+' \\u2014 '+c.segment.action:null);"
    "row(dl,T.category,c.rating?c.rating.category:null);row(dl,T.package,c.rating?c.rating.package:null);"
    "row(dl,T.stage,c.stage?c.stage.name:null);row(dl,T.bond,c.stage?c.stage.bond_level:null);"
    "var ul=null;if(c.stage){ul=el('ul');c.stage.actions.forEach(function(a){ul.appendChild(el('li',a));});}"
    "row(dl,T.actions,ul);row(dl,T.clv,c.clv?num(c.clv.clv,2):null);row(dl,T.p_alive,c.clv?num(c.clv.p_alive,3):null);"
    "var f=c.feedback;row(dl,T.feedback,f?T.nps+' '+(f.nps==null?T.no:f.nps)+' \\u00b7 '+T.satisfaction+' '+"
    "(f.satisfaction==null?T.no:f.satisfaction):null);}\n"
    "function showCustomer(id){$('msg').textContent='';return api('customers/'+encodeURIComponent(id)).then(function(r){"
    "if(r.status===404){$('card').classList.add('hidden');$('msg').textContent=T.not_found;return;}return r.json().then(card);});}\n"
    "function list(seg,stg,after){var q='customers?limit=50'+(seg?'&segment='+encodeURIComponent(seg):'')+"
    "(stg?'&stage='+encodeURIComponent(stg):'')+(after?'&after='+encodeURIComponent(after):'');"
    "return api(q).then(function(r){return r.json();}).then(function(d){var tb=$('list');if(!after)tb.textContent='';"
    "$('listbox').classList.remove('hidden');"
    "d.customers.forEach(function(c){var tr=el('tr',null,c.customer_id===frag().customer?'sel':'');"
    "tr.appendChild(el('td',c.customer_id));"
    "tr.appendChild(el('td',c.segment?c.segment.name:T.no));tr.appendChild(el('td',c.stage?c.stage.name:T.no));"
    "tr.appendChild(el('td',c.clv?num(c.clv.clv,0):T.no,'n'));tr.addEventListener('click',function(){"
    "var o=frag();o.customer=c.customer_id;setFrag(o);showCustomer(c.customer_id);});tb.appendChild(tr);});"
    "if(!tb.firstChild)$('msg').textContent=T.none_found;"
    "var m=$('more');m.classList.toggle('hidden',!d.next);m.onclick=function(){list(seg,stg,d.next);};});}\n"
    "function segments(){return api('segments').then(function(r){return r.json();}).then(function(d){var s=$('seg');"
    "if(s.options.length>1)return;d.segments.forEach(function(g){var o=el('option',g.name+' ('+g.customers+')');"
    "o.value=g.key;s.appendChild(o);});});}\n"
    "var stamp='';function head(d){$('stamp').textContent=T.as_of+' '+d.as_of+' \\u00b7 '+T.computed+' '+d.computed_at+"
    "' \\u00b7 '+d.customers+' '+T.customers;}\n"
    "function nm(k){return k?(C.names[k]||k):T.no;}\n"
    "function alerts(){return api('alerts?limit=50').then(function(r){return r.json().then(function(d){"
    "var tb=$('alerts'),m=$('alertmsg');tb.textContent='';m.textContent='';"
    "if(!r.ok){m.textContent=d.error?d.error.message:'';return;}"
    "$('alertspan').textContent=T.between+' '+d.from+' '+T.and+' '+d.to+' ('+d.total+')';"
    "d.alerts.forEach(function(a){var tr=el('tr');tr.appendChild(el('td',a.customer_id));"
    "tr.appendChild(el('td',nm(a.key_group)));"
    "tr.appendChild(el('td',a.down.map(function(x){return T['fell_'+x]||x;}).join(', ')));"
    "tr.appendChild(el('td',nm(a.stage_from)+' \u2192 '+nm(a.stage_to)));"
    "tr.appendChild(el('td',a.clv_from==null?T.no:num(a.clv_from,0),'n'));"
    "tr.addEventListener('click',function(){var o=frag();o.customer=a.customer_id;setFrag(o);"
    "showCustomer(a.customer_id);});tb.appendChild(tr);});"
    "if(!d.alerts.length)m.textContent=T.no_alerts;});});}\n"
    "function report(){return api('report').then(function(r){return r.text();}).then(function(h){"
    "var m=new DOMParser().parseFromString(h,'text/html').querySelector('main'),b=$('report');b.textContent='';"
    "if(m)Array.prototype.slice.call(m.childNodes).forEach(function(n){b.appendChild(document.importNode(n,true));});});}\n"
    "function show(){var o=frag();$('seg').value=o.segment||'';$('stg').value=o.stage||'';$('cid').value=o.customer||'';"
    "var w=[];if(o.segment||o.stage)w.push(list(o.segment,o.stage));if(o.customer)w.push(showCustomer(o.customer));"
    "return Promise.all(w);}\n"
    "function tick(first){return fetch('/v1/health',{cache:'no-store',credentials:'omit'}).then(function(r){return r.json();})"
    ".then(function(d){head(d);if(!tok()){ask(true);$('tokmsg').textContent=T.need;return;}ask(false);"
    "var w=[segments(),alerts()];if(first||d.computed_at!==stamp)w.push(report());if(!first)w.push(show());stamp=d.computed_at;"
    "return Promise.all(w);}).catch(function(){});}\n"
    "$('tokform').addEventListener('submit',function(e){e.preventDefault();sessionStorage.setItem(K,$('tok').value.trim());"
    "$('tok').value='';$('tokmsg').textContent='';tick(true).then(show).catch(function(){});});\n"
    "$('forget').addEventListener('click',function(){sessionStorage.removeItem(K);location.reload();});\n"
    "$('findform').addEventListener('submit',function(e){e.preventDefault();var o=frag();o.customer=$('cid').value.trim();"
    "setFrag(o);if(o.customer)showCustomer(o.customer).catch(function(){});});\n"
    "$('listform').addEventListener('submit',function(e){e.preventDefault();var o=frag();o.segment=$('seg').value;"
    "o.stage=$('stg').value;setFrag(o);$('msg').textContent='';list(o.segment,o.stage).catch(function(){});});\n"
    "window.addEventListener('hashchange',function(){show().catch(function(){});});\n"
    "tick(true).then(function(){if(tok())return show();}).catch(function(){});\n"
    "setInterval(function(){tick(false);},C.refresh*1000);\n"
    "})();\n";

/* The page's Content-Security-Policy: its one script allowed by its SHA-256
 * (so no other inline script, an injected one, would run), its inline
 * style, its own /v1 calls; nothing else loaded, never framed. Made once. */
static char csp[512];
static pthread_once_t csp_once = PTHREAD_ONCE_INIT;

static void make_csp(void)
{
    struct sha256_ctx c;
    uint8_t d[SHA256_DIGEST_SIZE];
    char b64[BASE64_ENCODE_RAW_LENGTH(SHA256_DIGEST_SIZE) + 1];
    sha256_init(&c);
    sha256_update(&c, strlen(dash_js), (const uint8_t *)dash_js);
    sha256_digest(&c, sizeof d, d);
    base64_encode_raw(b64, sizeof d, d);
    b64[sizeof b64 - 1] = 0;
    snprintf(csp, sizeof csp,
             "default-src 'none'; script-src 'sha256-%s'; style-src 'unsafe-inline'; img-src data:; "
             "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
             b64);
}

const char *srv_dashboard_csp(void)
{
    pthread_once(&csp_once, make_csp);
    return csp;
}

/* The names of the class keys the alerts list shows (stages, the shipped
 * scale's categories, the ten-segment map's segments); a key of a firm's
 * own scale or map is shown as it is. */
static json_t *class_names(int ru)
{
    const char *lang = ru ? "ru" : "en";
    json_t *n = json_object();
    for (int i = 0; i < RMK_STAGE_COUNT; i++)
        json_object_set_new(n, rmk_stage_key((rmk_stage)i), json_string(rmk_stage_name((rmk_stage)i, lang)));
    rmk_status st;
    char err[256];
    rmk_scale *sc = rmk_scale_default(&st, err, sizeof err);
    for (int c = 0; sc && c < rmk_scale_category_count(sc); c++)
        json_object_set_new(n, rmk_scale_category_key(sc, c), json_string(rmk_scale_category_name(sc, c, lang)));
    rmk_scale_free(sc);
    rmk_segmap *m = rmk_segmap_builtin_new(RMK_SEGMAP_TEN, &st, err, sizeof err);
    for (int g = 0; m && g < rmk_segmap_count(m); g++)
        json_object_set_new(n, rmk_segmap_key(m, g), json_string(rmk_segmap_name(m, g, lang)));
    rmk_segmap_free(m);
    return n;
}

/* the configuration the script reads: the language, its words, the refresh
 * period (seconds); JSON with '/' escaped, so no "</script>" inside */
static char *cfg_json(int ru)
{
    json_t *t = json_object();
    for (size_t i = 0; i < NLABELS; i++) json_object_set_new(t, labels[i][0], json_string(labels[i][ru ? 2 : 1]));
    json_t *j = json_pack("{s:s,s:o,s:o,s:i}", "lang", ru ? "ru" : "en", "labels", t, "names",
                          class_names(ru), "refresh", 30);
    char *text = j ? json_dumps(j, JSON_COMPACT | JSON_ESCAPE_SLASH | JSON_SORT_KEYS) : NULL;
    json_decref(j);
    return text;
}

static void page(FILE *f, int ru, const char *cfg)
{
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
               "<meta name=\"referrer\" content=\"no-referrer\">\n<title>%s</title>\n<style>%s%s</style>\n</head>\n<body>\n",
            ru ? "ru" : "en", L("title", ru), rmk_report_css(), dash_css);
    fprintf(f, "<header><h1>%s</h1><p id=\"stamp\"></p></header>\n<main>\n", L("title", ru));
    fprintf(f, "<form id=\"tokform\" class=\"hidden\" autocomplete=\"off\"><label>%s<input id=\"tok\" type=\"password\" autocomplete=\"off\" "
               "size=\"40\"></label><button>%s</button><span id=\"tokmsg\" class=\"msg\"></span></form>\n",
            L("token", ru), L("use", ru));
    fprintf(f, "<section id=\"search\"><form id=\"findform\"><label>%s<input id=\"cid\" size=\"18\"></label>"
               "<button>%s</button></form>\n", L("id", ru), L("find", ru));
    fprintf(f, "<form id=\"listform\"><label>%s<select id=\"seg\"><option value=\"\">%s</option></select></label>"
               "<label>%s<select id=\"stg\"><option value=\"\">%s</option>",
            L("segment", ru), L("any", ru), L("stage", ru), L("any", ru));
    for (int i = 0; i < RMK_STAGE_COUNT; i++)
        fprintf(f, "<option value=\"%s\">%s</option>", rmk_stage_key((rmk_stage)i),
                rmk_stage_name((rmk_stage)i, ru ? "ru" : "en"));
    fprintf(f, "</select></label><button>%s</button><button type=\"button\" id=\"forget\" class=\"plain hidden\">%s"
               "</button></form>\n<p id=\"msg\" class=\"msg\"></p>\n", L("list", ru), L("forget", ru));
    fprintf(f, "<div class=\"cols\"><div id=\"listbox\" class=\"hidden\"><div class=\"scroll\"><table><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
               "<th>%s</th></tr></thead><tbody id=\"list\"></tbody></table></div><button id=\"more\" class=\"plain hidden\">"
               "%s</button></div>\n<div id=\"card\" class=\"card hidden\" aria-live=\"polite\"></div></div></section>\n",
            L("id", ru), L("segment", ru), L("stage", ru), L("clv", ru), L("more", ru));
    fprintf(f, "<section id=\"alertbox\"><h2>%s</h2><p id=\"alertspan\"></p><p id=\"alertmsg\"></p>"
               "<div class=\"scroll\"><table><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>"
               "<tbody id=\"alerts\"></tbody></table></div></section>\n",
            L("alerts", ru), L("id", ru), L("group", ru), L("fell", ru), L("from_to", ru), L("clv", ru));
    fprintf(f, "<section><h2>%s</h2><div id=\"report\"></div></section>\n</main>\n", L("report", ru));
    fprintf(f, "<script type=\"application/json\" id=\"cfg\">%s</script>\n<script>%s</script>\n</body>\n</html>\n", cfg,
            dash_js);
}

enum MHD_Result srv_dashboard(srv *s, struct MHD_Connection *c, srv_req *q)
{
    (void)s;
    const char *l = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lang");
    int ru = l && !strcmp(l, "ru");
    char *cfg = cfg_json(ru), *text = NULL;
    size_t len = 0;
    FILE *f = cfg ? open_memstream(&text, &len) : NULL;
    if (f) page(f, ru, cfg);
    free(cfg);
    if (!f || fclose(f)) {
        free(text);
        return srv_error(c, q, 500, NULL, "out of memory");
    }
    return srv_text(c, q, 200, "text/html; charset=utf-8", text, len);
}
