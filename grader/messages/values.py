"""Messages of the value grammar (`grader.values`): why a numeric answer could not be read.

Templates are `str.format` strings: literal braces are doubled.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "value.empty": {
        "en": "no value was given: expected a number such as 60,965,224, 0.128, 4/25 or 16%",
        "zh": "没有填写数值：应填写一个数，例如 60,965,224、0.128、4/25 或 16%",
    },
    "value.bad_type": {
        "en": "expected a number or a text value here, not {type}",
        "zh": "此处应为数字或文本，而不是 {type}",
    },
    "value.not_finite": {
        "en": "{text} is not a finite number: expected a count or a ratio",
        "zh": "{text} 不是有限的数：应填写一个计数或比值",
    },
    "value.too_long": {
        "en": "the value is too long ({length} characters; at most {limit} are accepted): "
              "write the total, or a shorter expression",
        "zh": "数值文本过长（{length} 个字符，最多接受 {limit} 个）：请填写总数或更短的算式",
    },
    "value.too_many_tokens": {
        "en": "the expression has too many parts (at most {limit} numbers and operators): "
              "write the total, or a shorter expression",
        "zh": "算式过长（最多 {limit} 个数字和运算符）：请填写总数或更短的算式",
    },
    "value.too_deep": {
        "en": "brackets, signs or exponents are nested too deeply here (at most {limit} levels)",
        "zh": "此处括号、正负号或乘方嵌套过深（最多 {limit} 层）",
    },
    "value.exponent_too_large": {
        "en": "the exponent is too large: expected a whole number between -{limit} and {limit}",
        "zh": "指数过大：应为 -{limit} 到 {limit} 之间的整数",
    },
    "value.too_large": {
        "en": "the number is too large or too finely divided to be a sensible answer "
              "(numerators and denominators are limited to {limit})",
        "zh": "这个数过大或过于精细，不像合理的答案（分子和分母不得超过 {limit}）",
    },
    "value.unexpected_char": {
        "en": "unexpected character '{char}': expected a number, an operator "
              "(+ - × / ^), a bracket or '='",
        "zh": "无法识别的字符“{char}”：此处应为数字、运算符（+ - × / ^）、括号或“=”",
    },
    "value.bad_grouping": {
        "en": "after the thousands separator '{sep}' exactly three digits must follow "
              "(as in 60,965,224); use '.' for a decimal point",
        "zh": "千位分隔符“{sep}”后面必须恰好是三位数字（如 60,965,224）；小数点请用“.”",
    },
    "value.decimal_digits": {
        "en": "expected digits after the decimal point (as in 0.128)",
        "zh": "小数点后应有数字（如 0.128）",
    },
    "value.exponent_digits": {
        "en": "expected the digits of the exponent after '{mark}' (as in 6.1e7 or 6.1e-3)",
        "zh": "“{mark}”后应写指数的数字（如 6.1e7 或 6.1e-3）",
    },
    "value.unknown_word": {
        "en": "the word '{word}' stands inside a computation: write the numbers only "
              "(a label before '=' or ':' is fine, e.g. 'AP = 0.128')",
        "zh": "计算式中出现了词语“{word}”：请只写数字（可以在“=”或“：”前加说明，如“AP = 0.128”）",
    },
    "value.unknown_unit": {
        "en": "unknown unit '{word}': write the number alone, or with a unit such as "
              "params, neurons, MACs, 个 or 次",
        "zh": "无法识别的单位“{word}”：请只写数字，或使用 params、neurons、MACs、个、次等单位",
    },
    "value.no_number": {
        "en": "found no number here: write the value, e.g. 60,965,224, 61.1M or 4/25",
        "zh": "没有找到数字：请写出数值，如 60,965,224、61.1M 或 4/25",
    },
    "value.unclosed_bracket_label": {
        "en": "the subscript opened here is not closed with '}}'",
        "zh": "此处的下标缺少右花括号“}}”",
    },
    "value.unknown_command": {
        "en": "unknown LaTeX command '\\{command}': expected \\times, \\cdot, "
              "\\frac{{a}}{{b}} or \\approx",
        "zh": "无法识别的 LaTeX 命令“\\{command}”：可用的有 \\times、\\cdot、"
              "\\frac{{a}}{{b}}、\\approx",
    },
    "value.ellipsis": {
        "en": "an ellipsis ('...') cannot be computed: write out every term, or just the total",
        "zh": "省略号（“...”）无法计算：请写出每一项，或只填写总数",
    },
    "value.expected_operand": {
        "en": "expected a number, '(' or '-' here, but found '{found}'",
        "zh": "此处应为数字、“(”或“-”，却是“{found}”",
    },
    "value.unexpected_end": {
        "en": "the value ends too early: expected a number, '(' or '-' here",
        "zh": "数值不完整：结尾处还应有数字、“(”或“-”",
    },
    "value.expected_operator": {
        "en": "expected an operator (+ - × / ^), '=' or the end here, but found '{found}' "
              "(write × or * between numbers that are multiplied)",
        "zh": "此处应为运算符（+ - × / ^）、“=”或结尾，却是“{found}”（相乘的数之间请写 × 或 *）",
    },
    "value.expected_operator_or_close": {
        "en": "expected an operator (+ - × / ^) or '{close}' here, but found '{found}'",
        "zh": "此处应为运算符（+ - × / ^）或“{close}”，却是“{found}”",
    },
    "value.after_unit": {
        "en": "expected '=' or the end after the unit '{unit}'",
        "zh": "单位“{unit}”之后应为“=”或结尾",
    },
    "value.unclosed_bracket": {
        "en": "the '{open}' at column {open_column} is never closed: expected '{close}' here",
        "zh": "第 {open_column} 列的“{open}”没有闭合：此处应有“{close}”",
    },
    "value.mismatched_bracket": {
        "en": "expected '{close}' to close the '{open}' at column {open_column}, "
              "but found '{found}'",
        "zh": "此处应为“{close}”以闭合第 {open_column} 列的“{open}”，却是“{found}”",
    },
    "value.unmatched_close": {
        "en": "'{found}' has no matching opening bracket",
        "zh": "“{found}”没有对应的左括号",
    },
    "value.frac_brace": {
        "en": "expected '{{' after \\{command} (write \\{command}{{4}}{{25}})",
        "zh": "\\{command} 后面应为“{{”（写作 \\{command}{{4}}{{25}}）",
    },
    "value.division_by_zero": {
        "en": "division by zero",
        "zh": "除数为零",
    },
    "value.zero_negative_power": {
        "en": "0 cannot be raised to a negative power (that divides by zero)",
        "zh": "0 不能取负数次幂（相当于除以零）",
    },
    "value.fractional_exponent": {
        "en": "the exponent must be a whole number (roots are not supported)",
        "zh": "指数必须是整数（不支持开方）",
    },
}
