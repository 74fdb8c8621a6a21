/* SPDX-License-Identifier: MIT */
/* Languages the appliance speaks: Japanese first, then the rotation. */
#ifndef MACHIAI_CORE_LANG_H
#define MACHIAI_CORE_LANG_H

enum lang {
	LANG_JA,
	LANG_EN,
	LANG_ZH_HANS,
	LANG_KO,
	LANG_VI,
	LANG_JA_EASY, /* やさしい日本語 */
	LANG_COUNT
};

/** lang_code() - the code of @l as used in config and JSON ("ja", "en", "zh-Hans", "ko", "vi", "ja-easy"). */
const char *lang_code(enum lang l);

/** lang_from_code() - the language for @code, or -1 when it is not one of lang_code()'s. */
int lang_from_code(const char *code);

#endif
