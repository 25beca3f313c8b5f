//! Maps read from files in which a key given twice is an error, at the
//! second key, rather than an entry silently dropped (serde's `BTreeMap`
//! keeps the last value and says nothing).

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};

/// A map whose second use of a key is the error `message(key)`.
pub(crate) fn map<'de, D, V>(
    deserializer: D,
    message: fn(&str) -> String,
) -> Result<BTreeMap<String, V>, D::Error>
where
    D: Deserializer<'de>,
    V: Deserialize<'de>,
{
    struct Unique<V> {
        message: fn(&str) -> String,
        value: PhantomData<V>,
    }

    impl<'de, V: Deserialize<'de>> Visitor<'de> for Unique<V> {
        type Value = BTreeMap<String, V>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a map")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some(key) = access.next_key::<String>()? {
                // Refused before its value is read, so the error is at the key.
                if out.contains_key(&key) {
                    return Err(de::Error::custom((self.message)(&key)));
                }
                let value = access.next_value()?;
                out.insert(key, value);
            }
            Ok(out)
        }
    }

    deserializer.deserialize_map(Unique {
        message,
        value: PhantomData,
    })
}
