drop table "schema2"."z";
