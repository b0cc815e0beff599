// Function signature parsing/validation and JavaScript-like regexes on PCRE2.
#include "asl/jsonata/signature.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "asl/jsonata/ast.h"

namespace sfn::jsonata::internal {

namespace {
[[noreturn]] void SigFail(const std::string& code, int pos) {
  JError e;
  e.code = code;
  e.position = pos;
  throw e;
}

char Symbol(const Value& v) {
  switch (v.type()) {
    case Type::kUndefined:
      return 'm';
    case Type::kNull:
      return 'l';
    case Type::kBool:
      return 'b';
    case Type::kNumber:
      return 'n';
    case Type::kString:
      return 's';
    case Type::kArray:
      return 'a';
    case Type::kObject:
      return 'o';
    case Type::kFunction:
      return 'f';
  }
  return 'm';
}

bool Accepts(const SigParam& p, char c) { return p.symbols.find(c) != std::string::npos; }

// Backtracking match of the argument symbol string against the parameters.
bool MatchFrom(const Signature& sig, const std::string& s, size_t pi, size_t ai, int* counts,
               bool anchored, size_t* consumed) {
  if (pi == sig.params.size()) {
    if (anchored && ai != s.size()) return false;
    if (consumed) *consumed = ai;
    return true;
  }
  const SigParam& p = sig.params[pi];
  if (p.quant == '+') {
    size_t max = 0;
    while (ai + max < s.size() && Accepts(p, s[ai + max])) max++;
    for (size_t k = max; k >= 1; --k) {
      counts[pi] = static_cast<int>(k);
      if (MatchFrom(sig, s, pi + 1, ai + k, counts, anchored, consumed)) return true;
    }
    return false;
  }
  if (ai < s.size() && Accepts(p, s[ai])) {
    counts[pi] = 1;
    if (MatchFrom(sig, s, pi + 1, ai + 1, counts, anchored, consumed)) return true;
  }
  if (p.quant == '?' || p.context) {
    counts[pi] = 0;
    if (MatchFrom(sig, s, pi + 1, ai, counts, anchored, consumed)) return true;
  }
  return false;
}

[[noreturn]] void ArgFail(const char* code, const Value& v, size_t index) {
  JError e;
  e.code = code;
  e.value = v;
  e.index = static_cast<int>(index);
  throw e;
}
}  // namespace

std::shared_ptr<Signature> ParseSignature(std::string_view text) {
  auto sig = std::make_shared<Signature>();
  sig->text = std::string(text);
  size_t i = 1;  // skip '<'
  while (i < text.size()) {
    char c = text[i];
    if (c == ':' || c == '>') break;
    SigParam p;
    switch (c) {
      case 's':
      case 'n':
      case 'b':
      case 'l':
      case 'o':
        p.symbols = std::string(1, c) + "m";
        p.type = c;
        sig->params.push_back(p);
        break;
      case 'a':
        p.symbols = "asnblfom";
        p.type = 'a';
        sig->params.push_back(p);
        break;
      case 'f':
        p.symbols = "f";
        p.type = 'f';
        sig->params.push_back(p);
        break;
      case 'j':
        p.symbols = "asnblom";
        p.type = 'j';
        sig->params.push_back(p);
        break;
      case 'x':
        p.symbols = "asnblfom";
        p.type = 'x';
        sig->params.push_back(p);
        break;
      case 'u':
        p.symbols = "bnslm";
        p.type = 'u';
        sig->params.push_back(p);
        break;
      case '(': {
        size_t end = text.find(')', i);
        if (end == std::string_view::npos) SigFail("S0401", static_cast<int>(i));
        std::string choice(text.substr(i + 1, end - i - 1));
        if (choice.find('<') != std::string::npos) SigFail("S0402", static_cast<int>(i));
        p.symbols = choice + "m";
        p.type = '(';
        sig->params.push_back(p);
        i = end;
        break;
      }
      case '<': {
        if (sig->params.empty() ||
            (sig->params.back().type != 'a' && sig->params.back().type != 'f')) {
          SigFail("S0401", static_cast<int>(i));
        }
        int depth = 0;
        size_t j = i;
        for (; j < text.size(); ++j) {
          if (text[j] == '<') depth++;
          if (text[j] == '>' && --depth == 0) break;
        }
        sig->params.back().subtype = std::string(text.substr(i + 1, j - i - 1));
        i = j;
        break;
      }
      case '?':
      case '+':
        if (!sig->params.empty()) sig->params.back().quant = c;
        break;
      case '-':
        if (!sig->params.empty()) sig->params.back().context = true;
        break;
      default:
        SigFail("S0401", static_cast<int>(i));
    }
    i++;
  }
  return sig;
}

std::vector<Value> ValidateArgs(const Signature& sig, const std::vector<Value>& args,
                                const Value& context) {
  std::string s;
  for (const auto& a : args) s += Symbol(a);
  int counts_buf[16] = {0};
  std::vector<int> counts_big;
  int* counts = counts_buf;
  if (sig.params.size() > 16) {
    counts_big.assign(sig.params.size(), 0);
    counts = counts_big.data();
  }
  if (!MatchFrom(sig, s, 0, 0, counts, true, nullptr)) {
    size_t good = 0;
    for (size_t k = 1; k <= sig.params.size(); ++k) {
      Signature partial;
      partial.params.assign(sig.params.begin(), sig.params.begin() + k);
      std::vector<int> c2(k, 0);
      size_t consumed = 0;
      if (!MatchFrom(partial, s, 0, 0, c2.data(), false, &consumed)) break;
      good = consumed;
    }
    ArgFail("T0410", good < args.size() ? args[good] : Value(), good + 1);
  }
  std::vector<Value> out;
  out.reserve(sig.params.size());
  size_t ai = 0;
  for (size_t pi = 0; pi < sig.params.size(); ++pi) {
    const SigParam& p = sig.params[pi];
    if (counts[pi] == 0) {
      if (p.context) {
        if (Accepts(p, Symbol(context))) {
          out.push_back(context);
        } else {
          ArgFail("T0411", context, ai + 1);
        }
      } else {
        out.push_back(ai < args.size() ? args[ai] : Value());
        ai++;
      }
      continue;
    }
    for (int k = 0; k < counts[pi]; ++k) {
      static const Value kUndef;
      const Value& arg = ai < args.size() ? args[ai] : kUndef;
      char sym = ai < s.size() ? s[ai] : 'm';
      if (p.type == 'a') {
        if (sym == 'm') {
          out.emplace_back();
        } else {
          bool ok = true;
          if (!p.subtype.empty()) {
            if (sym != 'a') {
              ok = std::string(1, sym) == p.subtype;
            } else if (!arg.arr().items.empty()) {
              char it = Symbol(arg.arr().items[0]);
              if (it != p.subtype[0]) {
                ok = false;
              } else {
                for (const auto& e : arg.arr().items) {
                  if (Symbol(e) != it) ok = false;
                }
              }
            }
          }
          if (!ok) ArgFail("T0412", arg, ai + 1);
          out.push_back(sym == 'a' ? arg : NewArray({arg}));
        }
      } else {
        out.push_back(arg);
      }
      ai++;
    }
  }
  return out;
}

struct RegexImpl {
  pcre2_code* code = nullptr;
  ~RegexImpl() {
    if (code) pcre2_code_free(code);
  }
};

std::shared_ptr<Regex> CompileRegex(const std::string& pattern, const std::string& flags) {
  auto re = std::make_shared<Regex>();
  re->pattern = pattern;
  re->flags = flags;
  uint32_t opts = PCRE2_UTF | PCRE2_ALT_BSUX | PCRE2_MATCH_UNSET_BACKREF | PCRE2_DOLLAR_ENDONLY;
  if (flags.find('i') != std::string::npos) opts |= PCRE2_CASELESS;
  if (flags.find('m') != std::string::npos) opts |= PCRE2_MULTILINE;
  int err = 0;
  PCRE2_SIZE off = 0;
  auto impl = std::make_shared<RegexImpl>();
  impl->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), opts,
                             &err, &off, nullptr);
  if (!impl->code) {
    JError e;
    e.code = "S0303";
    e.message = "Invalid regular expression: /" + pattern + "/";
    e.custom = true;
    throw e;
  }
  re->impl = std::move(impl);
  return re;
}

bool RegexSearch(const Regex& re, const std::string& subject, size_t from, RegexMatch& m) {
  if (from > subject.size()) return false;
  pcre2_match_data* md = pcre2_match_data_create_from_pattern(re.impl->code, nullptr);
  int rc = pcre2_match(re.impl->code, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(),
                       from, 0, md, nullptr);
  if (rc < 0) {
    pcre2_match_data_free(md);
    return false;
  }
  PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md);
  uint32_t n = pcre2_get_ovector_count(md);
  m.start = ov[0];
  m.end = ov[1];
  m.match = subject.substr(m.start, m.end - m.start);
  m.groups.clear();
  uint32_t groups = 0;
  pcre2_pattern_info(re.impl->code, PCRE2_INFO_CAPTURECOUNT, &groups);
  for (uint32_t i = 1; i <= groups; ++i) {
    if (i < n && ov[2 * i] != PCRE2_UNSET) {
      m.groups.emplace_back(true, subject.substr(ov[2 * i], ov[2 * i + 1] - ov[2 * i]));
    } else {
      m.groups.emplace_back(false, "");
    }
  }
  pcre2_match_data_free(md);
  return true;
}

}  // namespace sfn::jsonata::internal
